def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')

// the strategy run and its report
def started = (log =~ /\[trading-summary\] strategy succeeded: run ([0-9A-Za-z._-]+), 3 simulation\(s\)/)
assert started.find() : 'no strategy run in the log'
def runId = started.group(1)
def fresh = new File(basedir, "target/trading/reports/strategy-report-${runId}.html")
assert fresh.isFile()

// the listing: that run, its two configured strategies (the sweep once) and three simulations
assert log.contains('[trading-summary] 1 strategy run in gold.strategy_runs, newest first')
assert log =~ /\[trading-summary\] ${runId}  \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC  2 strategies \(condor, put-write\)  3 simulations  /

// the re-render of the newest run, from the gold tables alone
assert log.contains("[trading-summary] report succeeded: run ${runId} of ")
def again = new File(basedir, "target/trading/rerendered/strategy-report-${runId}.html")
assert log.contains("[trading-summary] report: file:${again.canonicalPath}") || log.contains("[trading-summary] report: file:${again.absolutePath}")
assert again.isFile()

// the same page but for the time it was generated
def masked = { String html ->
    html.replaceAll(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/, '<instant>')
        .replaceAll(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/, '<time>')
}
assert masked(again.text) == masked(fresh.text)
assert again.text.contains('condor[short_delta=0.15]')

// the report mode read gold and wrote the report, nothing else: one snapshot per gold table
['strategy_runs', 'strategy_summary', 'strategy_daily', 'strategy_trades'].each { t ->
    def metadata = new File(basedir, "target/trading/warehouse/gold/${t}/metadata")
    assert metadata.listFiles().findAll { it.name.startsWith('snap-') }.size() == 1 : "${t} was written again"
}
return true
