package dev.tradingpipeline.jobs.strategy.spec;

import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Which contracts of a chain a strategy may enter. SPX and SPXW list the same strikes and
 * expirations with different settlement, and after a corporate action an underlying's old
 * contracts trade on with a non-standard deliverable (a {@code delivery_code}, often an adjusted
 * root such as AAPL1): left in, they compete with the standard contracts in selection.
 *
 * @param roots the eligible roots (upper case); empty = every root
 * @param includeNonstandard whether contracts with a delivery code or an adjusted root are eligible
 */
public record Universe(List<String> roots, boolean includeNonstandard) implements Serializable {

    /** Every standard contract: the default. */
    public static final Universe STANDARD = new Universe(List.of(), false);

    public Universe {
        roots = roots.stream().map(r -> r.trim().toUpperCase(Locale.ROOT)).distinct().toList();
    }

    public boolean isDefault() {
        return equals(STANDARD);
    }

    /** Whether the root is one of {@link #roots} (all are, without a list). */
    public boolean listsRoot(String root) {
        return roots.isEmpty() || roots.contains(root.toUpperCase(Locale.ROOT));
    }

    /** A contract with a delivery code, or on an adjusted root of its underlying. */
    public static boolean nonstandard(OptionQuote q) {
        return q.deliveryCode() != null || adjustedRoot(q.root(), q.underlying());
    }

    /**
     * An adjusted root: the exchange adds a digit to the root of the contracts a corporate action
     * changed (AAPL1, AAPL2 for AAPL; mini options were AAPL7). So: a root ending in a digit when the
     * underlying's symbol (without ^ and punctuation) does not; for a symbol that itself ends in a
     * digit, that symbol followed by more digits.
     */
    public static boolean adjustedRoot(String root, String underlying) {
        String r = root.trim().toUpperCase(Locale.ROOT);
        int digitsFrom = r.length();
        while (digitsFrom > 0 && Character.isDigit(r.charAt(digitsFrom - 1))) {
            digitsFrom--;
        }
        if (digitsFrom == r.length() || digitsFrom == 0) {
            return false;
        }
        String symbol = underlying.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
        if (symbol.isEmpty() || !Character.isDigit(symbol.charAt(symbol.length() - 1))) {
            return true;
        }
        return r.length() > symbol.length() && r.startsWith(symbol)
                && r.substring(symbol.length()).chars().allMatch(Character::isDigit);
    }
}
