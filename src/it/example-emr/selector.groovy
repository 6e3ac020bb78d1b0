// Runs only where Debian's docker-registry is installed (CI installs it); says so loudly otherwise.
def installed = new File('/usr/bin/docker-registry').canExecute()
if (!installed) {
    println '*' * 100
    println "* SKIPPED example-emr IT: Debian's docker-registry is not installed."
    println "* Install it (apt-get install docker-registry) to run example-project's mvn deploy -Pemr test."
    println '*' * 100
}
return installed
