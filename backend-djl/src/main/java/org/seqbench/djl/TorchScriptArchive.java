package org.seqbench.djl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a TorchScript module in the zip form {@code torch.jit.save} produces, for a module that has code and no
 * tensors of its own, so that libtorch ops DJL does not wrap can be reached without Python at build or run time.
 *
 * <p>The archive holds, under one top folder: {@code code/__torch__.py}, the class's TorchScript source (the
 * language {@code torch.jit.script} compiles; libtorch compiles it again when loading); {@code data.pkl}, the
 * module object as a pickle (protocol 2) of the class with its one attribute {@code training}; {@code
 * constants.pkl}, the empty tuple of tensor constants; and {@code version}, the file-format version. Entries are
 * stored uncompressed, as PyTorch writes them.
 */
final class TorchScriptArchive {
    /**
     * The file-format version written; libtorch 2.7 reads 1 to 10. It picks the upgraders libtorch applies to
     * source written for older semantics of a few ops (integer {@code div} before 4, {@code full} before 5,
     * {@code linspace}/{@code logspace} later); the scripts written here use none of them.
     */
    static final int FILE_FORMAT_VERSION = 6;

    private static final String ARCHIVE = "seqbench";

    private TorchScriptArchive() {
    }

    /**
     * An archive whose module is an instance of {@code __torch__.<className>}, defined by {@code source}.
     *
     * @param className the class's name, a Python identifier
     * @param source the class definition: {@code class <className>(Module):} with the declarations
     *     {@code __parameters__ = []}, {@code __buffers__ = []}, {@code training : bool}, and its methods
     */
    static byte[] module(String className, String source) {
        if (!className.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("a TorchScript class name must be an identifier, got '" + className
                    + "'");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            store(zip, "data.pkl", moduleObject(className));
            store(zip, "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            store(zip, "constants.pkl", emptyTuple());
            store(zip, "version", (FILE_FORMAT_VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("writing a TorchScript archive in memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * {@code __torch__.<className>} built from an empty argument tuple, then given the state
     * {@code {'training': False}}: what libtorch's unpickler turns into a module object.
     */
    private static byte[] moduleObject(String className) {
        Pickle pickle = new Pickle();
        pickle.global("__torch__", className);
        pickle.emptyTuple();
        pickle.newObject();
        pickle.emptyDict();
        pickle.mark();
        pickle.string("training");
        pickle.bool(false);
        pickle.setItems();
        pickle.build();
        return pickle.stop();
    }

    private static byte[] emptyTuple() {
        Pickle pickle = new Pickle();
        pickle.emptyTuple();
        return pickle.stop();
    }

    private static void store(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(ARCHIVE + "/" + name);
        CRC32 checksum = new CRC32();
        checksum.update(content);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        entry.setCrc(checksum.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    /** The few opcodes of Python's pickle protocol 2 that a module object needs. */
    private static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle() {
            out.write(0x80); // PROTO
            out.write(2);
        }

        void global(String module, String name) {
            out.write('c'); // GLOBAL: module and name, each ended by a newline
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        }

        void emptyTuple() {
            out.write(')');
        }

        void newObject() {
            out.write(0x81); // NEWOBJ: cls(*args)
        }

        void emptyDict() {
            out.write('}');
        }

        void mark() {
            out.write('(');
        }

        void string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.write('X'); // BINUNICODE: 4-byte little-endian length, then UTF-8
            for (int shift = 0; shift < 32; shift += 8) {
                out.write((utf8.length >>> shift) & 0xff);
            }
            out.writeBytes(utf8);
        }

        void bool(boolean value) {
            out.write(value ? 0x88 : 0x89); // NEWTRUE, NEWFALSE
        }

        void setItems() {
            out.write('u'); // SETITEMS: the key-value pairs since the mark go into the dict
        }

        void build() {
            out.write('b'); // BUILD: the dict becomes the object's state
        }

        byte[] stop() {
            out.write('.');
            return out.toByteArray();
        }
    }
}
