package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The portfolio's rows take the columns of the table as it is, whatever columns it gained since. */
class AlignedRowsTest {

    @Test
    void columnsTheRowsLackAreTypedNullsInTheTablesOrder() {
        StructType written = DataTypes.createStructType(List.of(
                DataTypes.createStructField("run_id", DataTypes.StringType, true),
                DataTypes.createStructField("equity", DataTypes.DoubleType, true)));
        StructType table = DataTypes.createStructType(List.of(
                DataTypes.createStructField("run_id", DataTypes.StringType, true),
                DataTypes.createStructField("benchmark_equity", DataTypes.DoubleType, true),
                DataTypes.createStructField("equity", DataTypes.DoubleType, true)));
        Dataset<Row> rows = SparkTestSession.get().createDataFrame(List.of(RowFactory.create("r1", 101.5)), written);

        Dataset<Row> aligned = PortfolioJob.aligned(rows, table);

        assertThat(aligned.schema().fieldNames()).containsExactly("run_id", "benchmark_equity", "equity");
        assertThat(aligned.schema().apply("benchmark_equity").dataType()).isEqualTo(DataTypes.DoubleType);
        Row r = aligned.first();
        assertThat(r.getString(0)).isEqualTo("r1");
        assertThat(r.isNullAt(1)).isTrue();
        assertThat(r.getDouble(2)).isEqualTo(101.5);
    }
}
