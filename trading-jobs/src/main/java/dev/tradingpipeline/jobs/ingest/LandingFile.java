package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.core.cboe.CboeLayout;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Optional;

/** A file in the landing location, as listed: where it is, how big, when it last changed. */
public record LandingFile(String path, String name, long size, long modifiedAtMillis) implements Serializable {

    /** The trading day the vendor's file name says the file is for. */
    public Optional<LocalDate> day() {
        return CboeLayout.dayOfFileName(name);
    }
}
