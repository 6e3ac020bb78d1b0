package dev.tradingpipeline.maven.sample;

import dev.tradingpipeline.core.cboe.CboeLayout;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.sample.Compression;
import dev.tradingpipeline.sample.SampleSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What {@code trading:sample-data} writes and where: the {@code sample.*} keys as a
 * {@link SampleSpec}, and {@code paths.landing} as a local folder.
 */
public record SampleDataPlan(SampleSpec spec, Path landingDir) {

    /** @throws ConfigException when paths.landing is not a local folder or a sample key does not fit */
    public static SampleDataPlan from(TradingConfig config) {
        String landing = config.location(ConfigKeys.PATHS_LANDING);
        Path dir;
        if (landing.startsWith("file:")) {
            dir = Path.of(URI.create(landing));
        } else if (landing.contains("://")) {
            throw new ConfigException("sample-data writes to a local folder, but " + ConfigKeys.PATHS_LANDING
                    + " in " + config.source() + " is " + landing
                    + ": generate locally (-Dtrading." + ConfigKeys.PATHS_LANDING + "=<folder>) and upload the files");
        } else {
            dir = Path.of(landing);
        }
        SampleSpec spec;
        try {
            spec = new SampleSpec(
                    config.getDate(ConfigKeys.SAMPLE_START_DATE),
                    config.getInt(ConfigKeys.SAMPLE_DAYS),
                    config.getInt(ConfigKeys.SAMPLE_ROWS_PER_DAY),
                    Long.parseLong(config.get(ConfigKeys.SAMPLE_SEED).trim()),
                    Compression.parse(config.get(ConfigKeys.SAMPLE_COMPRESSION)),
                    CboeLayout.Variant.valueOf(config.get(ConfigKeys.SAMPLE_VARIANT).trim().toUpperCase(Locale.ROOT)),
                    config.getList(ConfigKeys.SAMPLE_UNDERLYINGS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("sample.* keys of " + config.source() + ": " + e.getMessage(), e);
        }
        return new SampleDataPlan(spec, dir);
    }

    /** True when the landing folder already holds files the landing reader would pick up. */
    public boolean landingHasFiles() throws IOException {
        if (!Files.isDirectory(landingDir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(landingDir)) {
            return files.anyMatch(p -> Files.isRegularFile(p)
                    && CboeLayout.isLandingFileName(p.getFileName().toString()));
        }
    }
}
