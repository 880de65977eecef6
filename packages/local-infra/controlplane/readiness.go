package main

import (
	"context"
	"fmt"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

const startTimeout = 90 * time.Second

// waitUntil polls check until it reports done, a component exits, or the start timeout passes.
func waitUntil(ctx context.Context, exited <-chan string, what string, check func(context.Context) (bool, error)) error {
	deadline := time.Now().Add(startTimeout)
	var lastErr error
	for time.Now().Before(deadline) {
		done, err := check(ctx)
		if done {
			return nil
		}
		lastErr = err
		select {
		case <-ctx.Done():
			return ctx.Err()
		case name := <-exited:
			return fmt.Errorf("%s exited while waiting for %s", name, what)
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s not ready after %s (last error: %v)", what, startTimeout, lastErr)
}

// waitForAPIServer waits for /readyz: storage, RBAC bootstrap and the built-in priority levels done.
func waitForAPIServer(ctx context.Context, client kubernetes.Interface, exited <-chan string) error {
	return waitUntil(ctx, exited, "kube-apiserver /readyz", func(ctx context.Context) (bool, error) {
		var status int
		result := client.Discovery().RESTClient().Get().AbsPath("/readyz").Do(ctx).StatusCode(&status)
		return status == 200, result.Error()
	})
}

// waitForControllers waits until the controller manager has done what the first workload needs:
// the default namespace's ServiceAccount exists (pods cannot be created before it).
func waitForControllers(ctx context.Context, client kubernetes.Interface, exited <-chan string) error {
	return waitUntil(ctx, exited, "the default ServiceAccount", func(ctx context.Context) (bool, error) {
		_, err := client.CoreV1().ServiceAccounts("default").Get(ctx, "default", metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return false, err
		}
		return err == nil, err
	})
}
