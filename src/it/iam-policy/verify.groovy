import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert !log.contains('BUILD FAILURE')

def deployerFile = new File(basedir, 'target/trading/iam-policy-deployer.json')
def jobRoleFile = new File(basedir, 'target/trading/iam-policy-job-role.json')
assert log.contains('IAM policy of the deployer (whoever runs this plugin), written to ' + deployerFile.path)
assert log.contains('written to ' + jobRoleFile.path)

def deployer = new JsonSlurper().parse(deployerFile)
def jobRole = new JsonSlurper().parse(jobRoleFile)
def resources = { s -> s.Resource instanceof List ? s.Resource : [s.Resource] }
def actions = { s -> s.Action instanceof List ? s.Action : [s.Action] }
def bySid = { doc -> doc.Statement.collectEntries { [(it.Sid): it] } }

// what the build log printed is the file, line for line
deployerFile.readLines().each { assert log.contains('[INFO] ' + it) : it }

def d = bySid(deployer)
assert resources(d.ArtifactsReadWrite) == ['arn:aws:s3:::it-lake/artifacts/*']
assert resources(d.PassJobRole) == ['arn:aws:iam::123456789012:role/trading-it']
assert resources(d.ImagePush) == ['arn:aws:ecr:us-east-1:123456789012:repository/trading/jobs']
// found by name: every application of the account, and ListApplications on "*"
assert resources(d.EmrServerlessApplication) == ['arn:aws:emr-serverless:us-east-1:123456789012:/applications/*']
assert actions(d.OnlyOnAnyResource) as Set == ['sts:GetCallerIdentity', 'emr-serverless:ListApplications',
        'ecr:GetAuthorizationToken'] as Set
assert log.contains('[WARNING] iam-policy: No emr.application-id')

def j = bySid(jobRole)
assert resources(j.LandingAndArtifactsRead) == ['arn:aws:s3:::it-landing/cboe/*', 'arn:aws:s3:::it-lake/artifacts/*']
assert resources(j.GlueCatalog).contains('arn:aws:glue:us-east-1:123456789012:database/silver')
assert jobRole.Statement.every { !resources(it).contains('*') }

// the help text of the goal
assert log.contains('trading:iam-policy')
assert log.contains('Prints least-privilege')
return true
