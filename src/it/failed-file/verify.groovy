def log = new File(basedir, 'build.log').text

assert log.contains('BUILD FAILURE')
assert log.contains('Sample data: 7 files written')
assert log.contains('trading job bootstrap failed (exit 1)')
assert log.contains('[trading-summary] bootstrap FAILED: 7 file(s) loaded, 1 failed, 0 already loaded; 14,000 rows accepted')
assert log =~ /\[trading-summary\] FAILED file:.*UnderlyingOptionsEODCalcs_2024-01-10\.zip: cannot read file/
assert log.contains('silver.option_eod=14,000')

// The other seven days still landed.
def warehouse = new File(basedir, 'target/trading/warehouse')
assert new File(warehouse, 'silver/option_eod/metadata').isDirectory()
assert new File(warehouse, 'bronze/option_eod/metadata').isDirectory()
return true
