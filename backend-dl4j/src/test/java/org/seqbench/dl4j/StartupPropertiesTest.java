package org.seqbench.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StartupPropertiesTest {
    private static final long SIXTEEN_GIB = 16L << 30;

    @Test
    void quietLogsAndOffHeapLimitsAreSetWhenTheUserSetNothing() {
        Properties properties = new Properties();
        Map<String, String> applied = StartupProperties.applyDefaults(properties, SIXTEEN_GIB);

        String ninetyPercent = Long.toString((long) (SIXTEEN_GIB * 0.9));
        assertEquals(Map.of(StartupProperties.LOG_LEVEL, "warn", StartupProperties.MAX_PHYSICAL_BYTES, ninetyPercent,
                StartupProperties.MAX_BYTES, ninetyPercent), applied);
        assertEquals("warn", properties.getProperty("org.slf4j.simpleLogger.defaultLogLevel"));
        assertEquals(ninetyPercent, properties.getProperty("org.bytedeco.javacpp.maxphysicalbytes"));
        assertEquals(ninetyPercent, properties.getProperty("org.bytedeco.javacpp.maxbytes"));
    }

    @Test
    void nativeEnvironmentIsSetOnlyWhereTheUserLeftItUnset() {
        String name = "SEQBENCH_TEST_" + ProcessHandle.current().pid();
        assertEquals(java.util.Optional.empty(), NativeEnvironment.get(name));
        assertTrue(NativeEnvironment.setIfAbsent(name, "first"));
        assertEquals(java.util.Optional.of("first"), NativeEnvironment.get(name));
        assertFalse(NativeEnvironment.setIfAbsent(name, "second"));
        assertEquals(java.util.Optional.of("first"), NativeEnvironment.get(name));
    }

    @Test
    void openMpWaitPolicyIsSetWhileLibnd4jLoadsAndGoneAfterwards() {
        String name = "SEQBENCH_WAIT_" + ProcessHandle.current().pid();
        java.util.Optional<String> during = NativeEnvironment.during(name, "PASSIVE", () -> NativeEnvironment.get(name));
        assertEquals(java.util.Optional.of("PASSIVE"), during);
        assertEquals(java.util.Optional.empty(), NativeEnvironment.get(name));

        Nd4jEngine.shared().engine("dl4j");
        // Processes started later (JMH's forks) and other engines' OpenMP must not inherit it.
        assertEquals(java.util.Optional.ofNullable(System.getenv(StartupProperties.OMP_WAIT_POLICY)),
                NativeEnvironment.get(StartupProperties.OMP_WAIT_POLICY));
    }

    @Test
    void aVariableTheUserSetIsLeftAsItIs() {
        String name = "SEQBENCH_USER_" + ProcessHandle.current().pid();
        NativeEnvironment.setIfAbsent(name, "ACTIVE");
        NativeEnvironment.during(name, "PASSIVE", () -> {
            assertEquals(java.util.Optional.of("ACTIVE"), NativeEnvironment.get(name));
            return null;
        });
        assertEquals(java.util.Optional.of("ACTIVE"), NativeEnvironment.get(name));
        NativeEnvironment.unset(name);
    }

    @Test
    void whatTheUserSetIsKept() {
        Properties properties = new Properties();
        properties.setProperty(StartupProperties.LOG_LEVEL, "debug");
        properties.setProperty(StartupProperties.MAX_PHYSICAL_BYTES, "4G");

        Map<String, String> applied = StartupProperties.applyDefaults(properties, SIXTEEN_GIB);

        assertEquals("debug", properties.getProperty(StartupProperties.LOG_LEVEL));
        assertEquals("4G", properties.getProperty(StartupProperties.MAX_PHYSICAL_BYTES));
        assertEquals(Map.of(StartupProperties.MAX_BYTES, Long.toString((long) (SIXTEEN_GIB * 0.9))), applied);
    }

    @Test
    void unknownMachineMemoryLeavesJavaCppsOwnLimits() {
        Properties properties = new Properties();
        assertEquals(Map.of(StartupProperties.LOG_LEVEL, "warn"), StartupProperties.applyDefaults(properties, 0));
        assertEquals(1, properties.size());
    }

    @Test
    void theMachinesMemoryIsKnownHere() {
        assertTrue(StartupProperties.machineMemoryBytes() > 0);
    }
}
