import org.yaml.snakeyaml.Yaml

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert !log.contains('BUILD FAILURE')

def file = new File(basedir, 'target/trading/stack.yaml')
assert log.contains('Template of stack trading-it (9 resources) written to ' + file.path)
assert log.contains('Not applied (trading.setup.template-only=true)')
// no image recorded: the template names none for the application, and the log says so
assert log.contains('No image recorded (') && log.contains('the template names no image for the application')
// no AWS call: no account shown, no outputs written
assert !log.contains('AWS account')
assert !new File(basedir, 'target/trading/stack-outputs.json').exists()

def template = new Yaml().load(file.text)
def types = template.Resources.collectEntries { id, r -> [(id): r.Type] }
assert types.Bucket == 'AWS::S3::Bucket'
assert types.BucketPolicy == 'AWS::S3::BucketPolicy'
assert types.Repository == 'AWS::ECR::Repository'
assert types.JobRole == 'AWS::IAM::Role'
assert types.Application == 'AWS::EMRServerless::Application'
assert types.findAll { it.value == 'AWS::Glue::Database' }.size() == 4
def app = template.Resources.Application.Properties
assert app.ReleaseLabel == 'emr-7.11.0'
assert app.Architecture == 'ARM64'
assert app.MaximumCapacity == [Cpu: '16 vCPU', Memory: '64 GB']
assert template.Resources.Bucket.Properties.BucketName == ['Fn::Sub': 'trading-it-${AWS::AccountId}-${AWS::Region}']
assert template.Outputs.keySet() == ['ApplicationId', 'JobRoleArn', 'BucketName', 'ArtifactsUri', 'LogsUri',
        'RepositoryUri'] as Set

// the help text of the goal
assert log.contains('trading:setup')
assert log.contains('trading.setup.template-only')
return true
