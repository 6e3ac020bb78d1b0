import dev.tradingpipeline.maven.testing.ItServers

ItServers.start(basedir, new File(testServersDir))
// what the stack's bucket holds: it must still be there after an unconfirmed teardown
ItServers.putObject(basedir, 'config-1234.yaml', 'target: emr\n'.getBytes('UTF-8'))
return true
