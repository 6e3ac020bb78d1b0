package dev.tradingpipeline.jobs.testing;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.engine.Trade;
import dev.tradingpipeline.jobs.strategy.engine.TradeLeg;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Gold rows back to the engine's types, read by column name, for tests to compare with runs in plain Java. */
public final class GoldRows {

    private GoldRows() {
    }

    /** A gold.strategy_trades row as the engine's trade. */
    public static Trade trade(Row r) {
        List<TradeLeg> legs = new ArrayList<>();
        for (Row l : r.<Row>getList(r.fieldIndex("legs"))) {
            ContractKey key = l.isNullAt(l.fieldIndex("root")) ? null : new ContractKey(l.getAs("root"),
                    l.getAs("expiration"), l.getAs("strike"), OptionRight.fromCode(l.getAs("option_type")));
            legs.add(new TradeLeg(key, l.getAs("quantity"), l.getAs("entry_price"), l.getAs("exit_price")));
        }
        return new Trade(r.getAs("position_id"), r.getAs("strategy"), r.getAs("underlying"), r.getAs("entry_date"),
                r.getAs("exit_date"), ExitReason.valueOf(r.getAs("exit_reason")), legs, r.getAs("entry_value"),
                r.getAs("commissions"), r.getAs("pnl"));
    }
}
