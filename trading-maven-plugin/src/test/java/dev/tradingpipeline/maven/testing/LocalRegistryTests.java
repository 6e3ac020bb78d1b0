package dev.tradingpipeline.maven.testing;

import org.junit.jupiter.api.Assumptions;

/** JUnit side of {@link LocalRegistry}: skip image tests where the registry is not installed, never silently. */
public final class LocalRegistryTests {

    private LocalRegistryTests() {
    }

    /** Skips the calling test (class) when docker-registry is missing, with a message on stderr. */
    public static void assumeAvailable() {
        if (!LocalRegistry.available()) {
            System.err.println();
            System.err.println("**********************************************************************");
            System.err.println("*** " + LocalRegistry.SKIP_MESSAGE);
            System.err.println("**********************************************************************");
            System.err.println();
        }
        Assumptions.assumeTrue(LocalRegistry.available(), LocalRegistry.SKIP_MESSAGE);
    }
}
