package org.seqbench.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class TorchScriptArchiveTest {
    private static final String SCALE_AND_SHIFT = """
            class ScaleAndShift(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.ScaleAndShift, x: Tensor, p: List[Tensor]) -> Tensor:
                return torch.add(torch.mul(x, 2.0), p[0])
            """;

    @Test
    void holdsTheRecordsTorchJitSaveWritesUnderOneFolderUncompressed() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(
                TorchScriptArchive.module("ScaleAndShift", SCALE_AND_SHIFT)))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                names.add(entry.getName());
                assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName());
            }
        }
        assertEquals(List.of("seqbench/data.pkl", "seqbench/code/__torch__.py", "seqbench/constants.pkl",
                "seqbench/version"), names);
    }

    @Test
    void libtorchLoadsAndRunsTheModule() throws IOException {
        DjlBackendProvider provider = new DjlBackendProvider();
        try (NDManager manager = provider.running().engine().newBaseManager()) {
            PtSymbolBlock module = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(
                    TorchScriptArchive.module("ScaleAndShift", SCALE_AND_SHIFT)), true, false);
            PtNDArray x = (PtNDArray) manager.create(new float[] {1, 2, 3});
            PtNDArray shift = (PtNDArray) manager.create(new float[] {10, 20, 30});
            try (IValue input = IValue.from(x); IValue list = IValue.listFrom(shift);
                    IValue output = module.forward(input, list)) {
                assertArrayEquals(new float[] {12, 24, 36}, output.toTensor((PtNDManager) manager).toFloatArray());
            }
        }
    }

    @Test
    void classNameMustBeAnIdentifier() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TorchScriptArchive.module("not a name", SCALE_AND_SHIFT));
        assertEquals("a TorchScript class name must be an identifier, got 'not a name'", error.getMessage());
    }
}
