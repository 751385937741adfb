module prodstack/cluster-tools/helmfile

go 1.26.2

tool github.com/helmfile/helmfile

require github.com/helmfile/helmfile v1.7.4

// Copied from github.com/helmfile/helmfile v1.7.4's go.mod: `go install` refuses a module with
// replace directives, so this wrapper repeats them.
replace (
	k8s.io/api => k8s.io/api v0.35.4
	k8s.io/apimachinery => k8s.io/apimachinery v0.36.0
	k8s.io/client-go => k8s.io/client-go v0.35.4
)
