package main

import (
	"fmt"
	"strconv"
)

// serviceCIDR only feeds ClusterIP allocation: no traffic is ever sent to these addresses.
const serviceCIDR = "10.96.0.0/16"

func apiserverFlags(port int, etcdURL string, c *credentials) []string {
	return []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--tls-cert-file=" + c.ServingCertFile,
		"--tls-private-key-file=" + c.ServingKeyFile,
		"--client-ca-file=" + c.CACertFile,
		"--token-auth-file=" + c.TokenFile,
		"--authorization-mode=Node,RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + c.SAPubFile,
		"--service-account-signing-key-file=" + c.SAKeyFile,
		"--service-cluster-ip-range=" + serviceCIDR,
		"--allow-privileged=true",
		"--profiling=false",
		"--v=1",
	}
}

func controllerManagerFlags(kubeconfig string, c *credentials) []string {
	return []string{
		"--kubeconfig=" + kubeconfig,
		"--authentication-kubeconfig=" + kubeconfig,
		"--authorization-kubeconfig=" + kubeconfig,
		"--leader-elect=false",
		"--secure-port=0",
		"--service-account-private-key-file=" + c.SAKeyFile,
		"--root-ca-file=" + c.CACertFile,
		"--service-cluster-ip-range=" + serviceCIDR,
		// Every controller enabled by default; cloud-provider controllers do not start without a cloud.
		"--controllers=*",
		// Tests wait on garbage collection and namespace deletion: sync them promptly.
		"--concurrent-gc-syncs=20",
		"--concurrent-namespace-syncs=10",
		"--horizontal-pod-autoscaler-sync-period=5s",
		// Simulated pods are ready at once: count their CPU after seconds, not the default minutes.
		"--horizontal-pod-autoscaler-cpu-initialization-period=10s",
		"--horizontal-pod-autoscaler-initial-readiness-delay=5s",
		"--profiling=false",
		fmt.Sprintf("--v=%d", 1),
	}
}

func schedulerFlags(kubeconfig string) []string {
	return []string{
		"--kubeconfig=" + kubeconfig,
		"--authentication-kubeconfig=" + kubeconfig,
		"--authorization-kubeconfig=" + kubeconfig,
		"--leader-elect=false",
		"--secure-port=0",
		"--profiling=false",
		"--v=1",
	}
}
