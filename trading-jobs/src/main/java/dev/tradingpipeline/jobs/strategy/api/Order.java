package dev.tradingpipeline.jobs.strategy.api;

import java.util.List;
import java.util.Objects;

/** What a {@link Strategy} asks the engine to do at today's 15:45 quotes. */
public sealed interface Order {

    /** Open one position made of these legs, all or nothing. */
    record Open(List<LegOrder> legs) implements Order {
        public Open {
            if (legs.isEmpty()) {
                throw new IllegalArgumentException("an opening order needs at least one leg");
            }
            legs = List.copyOf(legs);
        }
    }

    /** Close every remaining leg of an open position. */
    record Close(long positionId, ExitReason reason) implements Order {
        public Close {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
