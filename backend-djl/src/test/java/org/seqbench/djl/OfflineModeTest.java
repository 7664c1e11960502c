package org.seqbench.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OfflineModeTest {
    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(OfflineMode.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(OfflineMode.PROPERTY);
        } else {
            System.setProperty(OfflineMode.PROPERTY, saved);
        }
    }

    @Test
    void turnsOfflineModeOnWhenNobodyChose() {
        System.clearProperty(OfflineMode.PROPERTY);
        OfflineMode.ensure();
        assertEquals("true", System.getProperty(OfflineMode.PROPERTY));
    }

    @Test
    void respectsAnExplicitChoice() {
        System.setProperty(OfflineMode.PROPERTY, "false");
        OfflineMode.ensure();
        assertEquals("false", System.getProperty(OfflineMode.PROPERTY));
    }

    @Test
    void startingTheEngineTurnsItOnFirst() {
        System.clearProperty(OfflineMode.PROPERTY);
        PyTorchEngine.start(() -> {
            assertEquals("true", System.getProperty(OfflineMode.PROPERTY), "offline before DJL looks");
            return null;
        });
    }
}
