package org.seqbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.core.ModelKind;


class RunRecordFilesTest {
    @TempDir
    Path directory;

    @Test
    void roundTripsEveryFieldWithLowerCaseIdsAndNoNulls() throws IOException {
        RunRecord record = Fixtures.record();
        RunRecordFiles.write(directory, record);
        String json = Files.readString(directory.resolve("run.json"));
        assertTrue(json.contains("\"kind\" : \"transformer\""), json);
        assertTrue(json.contains("\"hiddenSize\" : 128"), json);
        assertTrue(json.contains("\"status\" : \"skipped\""), json);
        assertTrue(!json.contains("null"), "nulls are left out");
        assertEquals(record, RunRecordFiles.read(directory));
        assertEquals(record, RunRecordFiles.read(directory.resolve("run.json")));
    }

    @Test
    void withReplacesACellInPlace() {
        RunRecord record = Fixtures.record();
        Cell first = record.cells().getFirst().cell();
        RunRecord updated = record.with(Fixtures.ok(first, 9.0, 0, false));
        assertEquals(record.cells().size(), updated.cells().size());
        assertEquals(9.0, updated.cells().getFirst().latency().mean());
        RunRecord extended = record.with(Fixtures.ok(Fixtures.cell("onnx", "fused-op", ModelKind.GRU, 16), 1, 0, false));
        assertEquals(record.cells().size() + 1, extended.cells().size());
    }

    @Test
    void unreadableRecordsAreNamed() throws IOException {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RunRecordFiles.read(directory.resolve("nope")));
        assertTrue(missing.getMessage().startsWith("no run record at "), missing.getMessage());
        Path notRecord = Files.writeString(directory.resolve("other.json"), "{\"hello\": 1}");
        assertEquals(notRecord + " is not a seqbench run record (no schemaVersion)",
                assertThrows(IllegalArgumentException.class, () -> RunRecordFiles.read(notRecord)).getMessage());
        Path partial = Files.writeString(directory.resolve("partial.json"), "{\"schemaVersion\": 1, \"x\": 2}");
        assertEquals(partial + " is not a valid seqbench run record: it has no 'runId'",
                assertThrows(IllegalArgumentException.class, () -> RunRecordFiles.read(partial)).getMessage());
        RunRecordFiles.write(directory, Fixtures.record());
        Path extra = directory.resolve("extra.json");
        Files.writeString(extra, Files.readString(directory.resolve("run.json")).replaceFirst("\\{", "{\"x\": 2,"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunRecordFiles.read(extra)).getMessage()
                .contains("Unrecognized field \"x\""));
    }

    @Test
    void csvHasOneRowPerCellWithQuotedReasons() throws IOException {
        CsvReport.write(directory, Fixtures.record());
        List<String> lines = Files.readAllLines(directory.resolve("cells.csv"));
        assertEquals(1 + 6, lines.size());
        assertTrue(lines.getFirst().startsWith("backend,variant,device,precision,kind,seq_len,batch,hidden_size"));
        assertTrue(lines.get(1).startsWith("onnx,fused-op,cpu,fp32,lstm,16,1,128,1,1,64,0,0,10,false,ok,,0.95,"),
                lines.get(1));
        assertTrue(lines.get(5).contains(",skipped,\"cuda is unavailable: no driver\","), lines.get(5));
    }

    @Test
    void aVersionOneRecordWithoutPeaksStillReads() throws IOException {
        // A real quick-profile run.json written before the peak was measured (schema version 1).
        Path old = directory.resolve("run.json");
        try (var in = getClass().getResourceAsStream("/run-v1-quick.json")) {
            Files.copy(in, old);
        }
        RunRecord record = RunRecordFiles.read(directory);
        assertEquals(1, record.schemaVersion());
        assertEquals(24, record.cells().size());
        // Cells of that version name the kind "model" and the hidden size "hidden".
        assertEquals(ModelKind.RNN, record.cells().getFirst().cell().kind());
        assertEquals(128, record.cells().getFirst().cell().hiddenSize());
        assertTrue(record.environment().peaks().isEmpty());
        assertTrue(record.environment().peakFor("cpu", 1).isEmpty());
        assertEquals(RunRecord.SCHEMA_VERSION, record.inCurrentSchema().schemaVersion());
    }

    @Test
    void peaksRoundTripAndTheFastestBackendIsTheMachinesPeak() throws IOException {
        Environment.Peak slower = new Environment.Peak("djl", "cpu", 1, 2048, 100.0, 171.8, 172.5, 12, null);
        RunRecord record = Fixtures.record();
        record = record.withEnvironment(record.environment().withPeaks(List.of(slower)));
        RunRecordFiles.write(directory, record);
        RunRecord read = RunRecordFiles.read(directory);
        assertEquals(record, read);
        assertEquals(2, read.environment().peaks().size());
        assertEquals("onnx", read.environment().peakFor("cpu", 1).orElseThrow().backend());
        assertTrue(read.environment().peakFor("cuda:0", 1).isEmpty(), "a peak is per device");
        assertTrue(Files.readString(directory.resolve("run.json")).contains("\"schemaVersion\" : 2"));
    }
}
