// Command local-controlplane runs an upstream Kubernetes control plane on one machine for tests,
// benchmarks and the development portal: embedded etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler and simulated nodes whose pods run without containers.
//
// It is one multi-call binary. `up` is the supervisor: it writes certificates and credentials,
// runs etcd and the node simulator itself, and starts the three upstream components as child
// processes of the same binary (`kube-apiserver`, `kube-controller-manager`, `kube-scheduler`
// subcommands run the components' own cobra commands unchanged). Separate processes keep each
// component's process-wide state (signal handler, flags, metrics registry) its own, as upstream
// expects. Children die with the supervisor (parent-death signal), so stopping the supervisor's
// process group stops the cluster.
package main

import (
	"fmt"
	"os"

	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: local-controlplane up [flags] | version")
		os.Exit(2)
	}
	sub, args := os.Args[1], os.Args[2:]
	switch sub {
	case "up":
		os.Exit(runUp(args))
	case "version":
		fmt.Println(kubernetesVersion())
	case "kube-apiserver":
		runComponent(apiserver.NewAPIServerCommand(), args)
	case "kube-controller-manager":
		runComponent(controllermanager.NewControllerManagerCommand(), args)
	case "kube-scheduler":
		runComponent(scheduler.NewSchedulerCommand(), args)
	default:
		fmt.Fprintf(os.Stderr, "unknown subcommand %q\n", sub)
		os.Exit(2)
	}
}
