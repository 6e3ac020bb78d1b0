package dev.tradingpipeline.jobs;

import dev.tradingpipeline.core.config.TradingConfig;

/** For tests in other packages: the job's reading of its {@code --config}. */
public final class TradingJobAccess {
    private TradingJobAccess() {
    }

    public static TradingConfig loadConfig(String location) {
        return TradingJob.loadConfig(JobArguments.parse("--mode", "daily", "--config", location));
    }
}
