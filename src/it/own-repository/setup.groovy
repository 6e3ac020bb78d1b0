// The POM a new user copies from docs/own-repository.md ("Use it in your own repository"), as it is there.
def readme = new File(ownRepositoryDoc).text
def start = readme.indexOf('<!-- own-repository-pom')
def end = readme.indexOf('<!-- /own-repository-pom -->')
assert start >= 0 && end > start : 'docs/own-repository.md has no own-repository-pom block'
def block = readme.substring(start, end)
def xml = block.substring(block.indexOf('```xml') + '```xml'.length(), block.lastIndexOf('```')).trim()
new File(basedir, 'pom.xml').text = xml + '\n'
// the folder holds nothing else a user would write: no config.yaml, no sources
assert !new File(basedir, 'config.yaml').exists() && !new File(basedir, 'src').exists()
return true
