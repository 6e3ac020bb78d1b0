def log = new File(basedir, 'build.log').text

assert log.contains('BUILD FAILURE')
assert log.contains('Sample data: 7 files written')
assert log.contains('trading job bootstrap failed (exit 1)')
assert log.contains('[trading-summary] ')
assert log.contains('UnderlyingOptionsEODCalcs_2024-01-10.zip')

// The other seven days still landed.
def warehouse = new File(basedir, 'target/trading/warehouse')
assert new File(warehouse, 'silver/option_eod/metadata').isDirectory()
assert new File(warehouse, 'bronze/option_eod/metadata').isDirectory()
return true
