package main

import (
	"os"

	"github.com/spf13/cobra"
	"k8s.io/component-base/cli"
	"k8s.io/component-base/version"
)

// runComponent runs an upstream component's own command with the given flags and exits with its
// exit code.
func runComponent(cmd *cobra.Command, args []string) {
	cmd.SetArgs(args)
	os.Exit(cli.Run(cmd))
}

// kubernetesVersion is the release stamped into the binary at build time (see build.sh).
func kubernetesVersion() string {
	return version.Get().GitVersion
}
