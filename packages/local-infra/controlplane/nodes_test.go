package main

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestImageOutcome(t *testing.T) {
	for image, want := range map[string]containerOutcome{
		"nginx:1.27":                  outcomeRun,
		"web:fail":                    outcomeCrash,
		"web:v2-fail":                 outcomeCrash,
		"registry:5000/web":           outcomeRun,
		"registry:5000/web:missing":   outcomePullFailure,
		"web:v1-missing":              outcomePullFailure,
		"failing/web:1":               outcomeRun,
		"web@sha256:0123456789abcdef": outcomeRun,
	} {
		if got := imageOutcome(image); got != want {
			t.Errorf("imageOutcome(%q) = %d, want %d", image, got, want)
		}
	}
}

func testPod(image string, policy corev1.RestartPolicy) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns", UID: "uid-1"},
		Spec: corev1.PodSpec{
			NodeName:      "node-1",
			RestartPolicy: policy,
			Containers:    []corev1.Container{{Name: "c", Image: image}},
		},
	}
}

func TestPodStatus(t *testing.T) {
	sim := newNodeSimulator(nil, 2)
	cases := []struct {
		name        string
		pod         *corev1.Pod
		phase       corev1.PodPhase
		ready       bool
		waiting     string
		terminated  int32
		wantRequeue bool
	}{
		{"a server runs and is ready", testPod("nginx:1", corev1.RestartPolicyAlways), corev1.PodRunning, true, "", -1, false},
		{"a crashing server loops", testPod("web:fail", corev1.RestartPolicyAlways), corev1.PodRunning, false, "CrashLoopBackOff", -1, false},
		{"an image that cannot be pulled", testPod("web:missing", corev1.RestartPolicyAlways), corev1.PodPending, false, "ImagePullBackOff", -1, false},
		{"a job container starts, then is looked at again", testPod("job:1", corev1.RestartPolicyNever), corev1.PodRunning, true, "", -1, true},
		{"a failing job container exits 1", testPod("job:fail", corev1.RestartPolicyNever), corev1.PodFailed, false, "", 1, false},
	}
	for _, c := range cases {
		status, requeue := sim.podStatus(c.pod)
		if status == nil {
			t.Fatalf("%s: no status", c.name)
		}
		ready := false
		for _, cond := range status.Conditions {
			if cond.Type == corev1.PodReady {
				ready = cond.Status == corev1.ConditionTrue
			}
		}
		cs := status.ContainerStatuses[0]
		waiting := ""
		if cs.State.Waiting != nil {
			waiting = cs.State.Waiting.Reason
		}
		terminated := int32(-1)
		if cs.State.Terminated != nil {
			terminated = cs.State.Terminated.ExitCode
		}
		if status.Phase != c.phase || ready != c.ready || waiting != c.waiting || terminated != c.terminated || (requeue > 0) != c.wantRequeue {
			t.Errorf("%s: got phase=%s ready=%v waiting=%q exit=%d requeue=%v", c.name, status.Phase, ready, waiting, terminated, requeue)
		}
		if status.PodIP == "" || status.HostIP != "172.30.0.2" {
			t.Errorf("%s: addresses %q on %q", c.name, status.PodIP, status.HostIP)
		}
	}
}

func TestJobPodSucceedsAfterItsRunTime(t *testing.T) {
	sim := newNodeSimulator(nil, 1)
	pod := testPod("job:1", corev1.RestartPolicyOnFailure)
	status, _ := sim.podStatus(pod)
	pod.Status = *status
	pod.Status.StartTime = &metav1.Time{Time: time.Now().Add(-2 * jobRunTime)}
	finished, _ := sim.podStatus(pod)
	if finished.Phase != corev1.PodSucceeded || finished.ContainerStatuses[0].State.Terminated.ExitCode != 0 {
		t.Fatalf("want Succeeded with exit 0, got %s", finished.Phase)
	}
	// an unchanged pod is not written again
	pod.Status = *finished
	if again, _ := sim.podStatus(pod); again != nil {
		t.Fatalf("a finished pod changed again: %s", again.Phase)
	}
}

func TestHalfOfRequests(t *testing.T) {
	cpu := resource.MustParse("200m")
	mem := resource.MustParse("64Mi")
	if got := halfOr(&cpu, resource.MustParse("10m")); got.MilliValue() != 100 {
		t.Errorf("cpu: %s", got.String())
	}
	if got := halfOr(&mem, resource.MustParse("32Mi")); got.Value() != 32*1024*1024 {
		t.Errorf("memory: %s", got.String())
	}
	if got := halfOr(nil, resource.MustParse("10m")); got.String() != "10m" {
		t.Errorf("fallback: %s", got.String())
	}
}
