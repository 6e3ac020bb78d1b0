def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('[trading-summary] bootstrap succeeded: 4 file(s) loaded')

// 1. the dry run: one report per table, nothing changed
assert log.contains('[trading-summary] maintenance dry run: 4 table(s) inspected, nothing changed')
assert log =~ /\[trading-summary\] ops\.landing_files dry-run: 4 data files \([^)]*\), 4 small/
assert log.contains('note: gold.strategy_runs does not exist yet: skipped')

// 2. the ledger only
assert log =~ /\[trading-summary\] maintenance succeeded: 1 table\(s\), 4 action\(s\)/
assert log =~ /\[trading-summary\] ops\.landing_files rewrite-data-files: 4 files \([^)]*\) rewritten into 1/

// 3. every table: one line per table and action
assert log =~ /\[trading-summary\] maintenance succeeded: 4 table\(s\), 16 action\(s\)/
['bronze.option_eod', 'bronze.option_eod_rejects', 'silver.option_eod', 'ops.landing_files'].each { t ->
    ['rewrite-data-files', 'rewrite-manifests', 'expire-snapshots', 'remove-orphan-files'].each { a ->
        assert log.contains("[trading-summary] ${t} ${a}: ") : "no line for ${t} ${a}"
    }
}
def expired = (log =~ /\[trading-summary\] bronze\.option_eod expire-snapshots: (\d+) snapshots expired/)
assert expired.find() && (expired.group(1) as int) > 0
// orphan files younger than 3 days are never removed
assert log =~ /\[trading-summary\] silver\.option_eod remove-orphan-files: 0 files removed \(older than 3d\)/

// on disk: the ledger is one data file now, the four small ones deleted by the expiry
def ledgerData = new File(basedir, 'target/trading/warehouse/ops/landing_files/data')
assert ledgerData.listFiles().findAll { it.name.endsWith('.parquet') }.size() == 1
return true
