package dev.tradingpipeline.sample;

import java.util.Arrays;
import java.util.Comparator;

/** How a day's rows are shared out among the underlyings. */
final class RowBudget {

    /** Row-budget weight of an index underlying relative to an equity/ETF one. */
    private static final int INDEX_WEIGHT = 3;

    private RowBudget() {
    }

    /**
     * Splits the day's rows by weight (index 3, others 1) with largest remainders. Rows are
     * shared out in call/put pairs so every strike has both; an odd last row goes to the first
     * underlying.
     */
    static int[] split(int rows, Underlying[] us) {
        long pairs = rows / 2;
        long[] weights = new long[us.length];
        long totalWeight = 0;
        for (int i = 0; i < us.length; i++) {
            weights[i] = us[i].index() ? INDEX_WEIGHT : 1;
            totalWeight += weights[i];
        }
        int[] quotas = new int[us.length];
        long[] remainders = new long[us.length];
        long assigned = 0;
        for (int i = 0; i < us.length; i++) {
            quotas[i] = (int) (pairs * weights[i] / totalWeight);
            remainders[i] = pairs * weights[i] % totalWeight;
            assigned += quotas[i];
        }
        Integer[] order = new Integer[us.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> -remainders[i]).thenComparingInt(i -> i));
        for (int j = 0; assigned < pairs; j++, assigned++) {
            quotas[order[j]]++;
        }
        for (int i = 0; i < quotas.length; i++) {
            quotas[i] *= 2;
        }
        quotas[0] += rows % 2;
        return quotas;
    }
}
