package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.core.cboe.CboeLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Column types of the option EOD data and the schemas of the tables built from it.
 *
 * <p>Type choices: dates are DATE; the strike, part of the natural key, is DECIMAL(12,3) so
 * that key equality is exact; prices, greeks and implied volatility are DOUBLE (the vendor
 * prints 4 decimals, which a double carries exactly enough for analytics, and parsing and
 * arithmetic on doubles are about twice as fast as on decimals); sizes are INT, volume and
 * open interest BIGINT.
 */
public final class OptionEodSchema {

    public static final DecimalType STRIKE_TYPE = DataTypes.createDecimalType(12, 3);

    /** Natural key of a contract-day. */
    public static final List<String> NATURAL_KEY = List.of(
            "quote_date", "underlying_symbol", "root", "expiration", "strike", "option_type");

    private static final Set<String> STRINGS = Set.of("underlying_symbol", "root", "option_type", "delivery_code");
    private static final Set<String> DATES = Set.of("quote_date", "expiration");
    private static final Set<String> INTS = Set.of("bid_size_1545", "ask_size_1545", "bid_size_eod", "ask_size_eod");
    private static final Set<String> LONGS = Set.of("trade_volume", "open_interest");
    /** Columns that may be negative: greeks. Every other number must be >= 0. */
    public static final Set<String> SIGNED = Set.of("delta_1545", "gamma_1545", "theta_1545", "vega_1545", "rho_1545");
    /** Greeks that are unknown (null in silver) when the vendor's implied volatility is 0. */
    public static final List<String> GREEKS = List.of(
            "implied_volatility_1545", "delta_1545", "gamma_1545", "theta_1545", "vega_1545", "rho_1545");

    /** The 34 data columns, typed, in the vendor's order. */
    public static final List<StructField> DATA_FIELDS;

    static {
        List<StructField> fields = new ArrayList<>();
        for (String c : CboeLayout.CALCS_COLUMNS) {
            fields.add(DataTypes.createStructField(c, typeOf(c), !NATURAL_KEY.contains(c)));
        }
        DATA_FIELDS = List.copyOf(fields);
    }

    /** Accepted rows as the parser yields them: the data columns plus where each line came from. */
    public static final StructType ACCEPTED = struct(DATA_FIELDS,
            field("source_file", DataTypes.StringType, false),
            field("line_number", DataTypes.LongType, false));

    /** Accepted rows typed again from bronze's lines, with their bronze lineage. */
    public static final StructType TYPED_LINES = ACCEPTED
            .add(field("ingested_at", DataTypes.TimestampType, false))
            .add(field("batch_id", DataTypes.StringType, false));

    /**
     * Data lines as landed: where each came from, its text, and whether the text was cut (a line
     * longer than {@link LandingFileParser#MAX_LINE_CHARS}: rejected, kept cut, never typed).
     */
    public static final StructType LINES = DataTypes.createStructType(List.of(
            field("source_file", DataTypes.StringType, false),
            field("line_number", DataTypes.LongType, false),
            field("raw_line", DataTypes.StringType, false),
            field("line_cut", DataTypes.BooleanType, false)));

    /** Rejected lines as rows: where, what and why. */
    public static final StructType REJECTED = DataTypes.createStructType(List.of(
            field("source_file", DataTypes.StringType, false),
            field("line_number", DataTypes.LongType, false),
            field("raw_line", DataTypes.StringType, true),
            field("reason", DataTypes.StringType, true)));

    private OptionEodSchema() {
    }

    static DataType typeOf(String column) {
        if (STRINGS.contains(column)) {
            return DataTypes.StringType;
        }
        if (DATES.contains(column)) {
            return DataTypes.DateType;
        }
        if (column.equals("strike")) {
            return STRIKE_TYPE;
        }
        if (INTS.contains(column)) {
            return DataTypes.IntegerType;
        }
        if (LONGS.contains(column)) {
            return DataTypes.LongType;
        }
        return DataTypes.DoubleType;
    }

    private static StructField field(String name, DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }

    private static StructType struct(List<StructField> data, StructField... extra) {
        List<StructField> all = new ArrayList<>();
        // nullable like the table columns: validation, not the schema, guarantees the key
        for (StructField f : data) {
            all.add(DataTypes.createStructField(f.name(), f.dataType(), true));
        }
        all.addAll(List.of(extra));
        return DataTypes.createStructType(all);
    }
}
