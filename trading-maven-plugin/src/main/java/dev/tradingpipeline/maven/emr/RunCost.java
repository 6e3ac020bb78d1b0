package dev.tradingpipeline.maven.emr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a job run cost: its billed resources (the one-minute minimum per worker applied, storage
 * only beyond the free 20 GB per worker, idle pre-initialized workers not included) times a price
 * table.
 *
 * @param dollars the cost, to six decimals
 */
public record RunCost(ResourceUsage billed, EmrPrices.PriceTable prices, BigDecimal dollars) {

    /** The billed resources priced by the table. */
    public static RunCost of(ResourceUsage billed, EmrPrices.PriceTable prices) {
        EmrPrices.Rates r = prices.rates();
        BigDecimal dollars = BigDecimal.valueOf(billed.vcpuHours()).multiply(r.vcpuHour())
                .add(BigDecimal.valueOf(billed.memoryGbHours()).multiply(r.memoryGbHour()))
                .add(BigDecimal.valueOf(billed.storageGbHours()).multiply(r.storageGbHour()))
                .setScale(6, RoundingMode.HALF_UP);
        return new RunCost(billed, prices, dollars);
    }

    /** "$0.0335", to the hundredth of a cent. */
    public String formattedDollars() {
        return "$" + dollars.setScale(4, RoundingMode.HALF_UP).toPlainString();
    }

    void writeTo(ObjectNode node) {
        node.put("dollars", dollars);
        node.put("architecture", prices.architecture());
        node.put("basis", prices.basis());
        ObjectNode rates = node.putObject("pricesPerHour");
        rates.put("vCPU", prices.rates().vcpuHour());
        rates.put("memoryGB", prices.rates().memoryGbHour());
        rates.put("storageGB", prices.rates().storageGbHour());
    }
}
