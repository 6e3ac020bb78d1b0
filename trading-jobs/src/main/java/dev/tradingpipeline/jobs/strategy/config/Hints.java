package dev.tradingpipeline.jobs.strategy.config;

import dev.tradingpipeline.core.config.ConfigKeys;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "Did you mean" hints for misspelt keys and values. */
final class Hints {

    private Hints() {
    }

    /** " (did you mean 'x'?)", or "" when nothing known is close. */
    static String didYouMean(String given, Collection<String> known) {
        String g = given.toLowerCase(Locale.ROOT);
        // "dte" for dte_min / dte_target / dte_max: a shared word says more than an edit distance
        List<String> sharing = known.stream()
                .filter(k -> k.startsWith(g + "_") || k.endsWith("_" + g))
                .sorted()
                .toList();
        if (sharing.size() > 1) {
            return " (did you mean one of " + String.join(", ", sharing) + "?)";
        }
        return ConfigKeys.closest(g, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }
}
