package dev.tradingpipeline.jobs.maintenance;

import dev.tradingpipeline.jobs.ingest.IcebergTables;
import org.apache.iceberg.Table;

/**
 * A table maintenance acts on, with where it may act: under its own location, checked to be under
 * {@code paths.warehouse} ({@link TableScope}).
 */
record MaintainedTable(String name, TableScope scope, IcebergTables tables) {

    /** Catalog-qualified name, for messages. */
    String qualified() {
        return tables.qualified(name);
    }

    /** The table, loaded again, at the location its scope was checked for. */
    Table load() {
        Table table = tables.load(name);
        scope.verify(qualified(), table);
        return table;
    }
}
