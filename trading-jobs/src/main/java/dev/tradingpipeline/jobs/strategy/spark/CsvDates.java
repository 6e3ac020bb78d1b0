package dev.tradingpipeline.jobs.strategy.spark;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * Dates in the CSV files a user supplies (the settlement table, a benchmark series): {@code yyyy-MM-dd}
 * or {@code M/d/yyyy}, as Cboe publishes its histories; strictly, so that 2/30/2024 is no date
 * rather than the 29th.
 */
final class CsvDates {

    private static final DateTimeFormatter[] FORMS = {DateTimeFormatter.ISO_LOCAL_DATE,
        DateTimeFormatter.ofPattern("M/d/uuuu", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT)};

    private CsvDates() {
    }

    /** The date, or null when the text is in neither form. */
    static LocalDate parse(String text) {
        for (DateTimeFormatter f : FORMS) {
            try {
                return LocalDate.parse(text, f);
            } catch (DateTimeParseException e) {
                // the next form
            }
        }
        return null;
    }
}
