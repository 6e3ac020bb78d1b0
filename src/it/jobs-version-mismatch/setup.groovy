import java.util.jar.JarOutputStream
import java.util.jar.Manifest

// trading-jobs 0.0.9-it, as an older release would be in a user's repository: a POM and a jar
def dir = new File(localRepositoryPath, 'dev/tradingpipeline/trading-jobs/0.0.9-it')
dir.mkdirs()
new File(dir, 'trading-jobs-0.0.9-it.pom').text = '''<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.tradingpipeline</groupId>
  <artifactId>trading-jobs</artifactId>
  <version>0.0.9-it</version>
</project>
'''
def manifest = new Manifest()
manifest.mainAttributes.putValue('Manifest-Version', '1.0')
new File(dir, 'trading-jobs-0.0.9-it.jar').withOutputStream { new JarOutputStream(it, manifest).close() }
return true
