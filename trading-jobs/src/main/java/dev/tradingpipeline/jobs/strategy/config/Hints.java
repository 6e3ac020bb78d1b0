package dev.tradingpipeline.jobs.strategy.config;

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
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(g, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, given.length() / 4) ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
