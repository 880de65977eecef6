package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/utils/ptr"
)

// The node simulator plays the kubelet of every simulated node: it registers the Node, renews its
// Lease, and moves the pods bound to it through the states a kubelet reports, without containers.
//
// Image convention (documented in packages/local-infra/README.md):
//   - a tag `fail` or ending in `-fail` (`busybox:fail`, `app:v2-fail`): the container exits with
//     code 1 at once: CrashLoopBackOff under restartPolicy Always, a Failed pod otherwise;
//   - a tag `missing` or ending in `-missing`: the image cannot be pulled (ImagePullBackOff);
//   - anything else runs: Ready at once (restartPolicy Always), or exits 0 after one second
//     (restartPolicy Never / OnFailure: Jobs complete).

const (
	leaseDuration   = 40
	leaseRenewEvery = 10 * time.Second
	jobRunTime      = time.Second
)

type nodeSimulator struct {
	client   kubernetes.Interface
	names    []string
	mu       sync.Mutex
	nextIP   map[string]int
	podIPs   map[string]string
	queue    workqueue.TypedRateLimitingInterface[string]
	podStore cache.Store
}

func newNodeSimulator(client kubernetes.Interface, count int) *nodeSimulator {
	names := make([]string, count)
	for i := range names {
		names[i] = fmt.Sprintf("node-%d", i+1)
	}
	return &nodeSimulator{
		client: client,
		names:  names,
		nextIP: map[string]int{},
		podIPs: map[string]string{},
		queue:  workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
	}
}

func (s *nodeSimulator) nodeIndex(name string) int {
	for i, n := range s.names {
		if n == name {
			return i
		}
	}
	return -1
}

// register creates each Node (or takes over one left by an earlier run) and reports it Ready.
func (s *nodeSimulator) register(ctx context.Context) error {
	for i, name := range s.names {
		node := &corev1.Node{
			ObjectMeta: metav1.ObjectMeta{
				Name: name,
				Labels: map[string]string{
					"kubernetes.io/hostname": name,
					"kubernetes.io/os":       "linux",
					"kubernetes.io/arch":     "amd64",
					"type":                   "simulated",
				},
			},
			Spec: corev1.NodeSpec{PodCIDR: fmt.Sprintf("10.244.%d.0/24", i+1)},
		}
		if _, err := s.client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
		if err := s.reportNodeStatus(ctx, name, i); err != nil {
			return err
		}
		if err := s.renewLease(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

func (s *nodeSimulator) reportNodeStatus(ctx context.Context, name string, index int) error {
	node, err := s.client.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	now := metav1.Now()
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:              resource.MustParse("32"),
		corev1.ResourceMemory:           resource.MustParse("256Gi"),
		corev1.ResourcePods:             resource.MustParse("250"),
		corev1.ResourceEphemeralStorage: resource.MustParse("500Gi"),
	}
	condition := func(t corev1.NodeConditionType, status corev1.ConditionStatus, reason string) corev1.NodeCondition {
		return corev1.NodeCondition{Type: t, Status: status, Reason: reason, LastHeartbeatTime: now, LastTransitionTime: now}
	}
	node.Status = corev1.NodeStatus{
		Capacity:    capacity,
		Allocatable: capacity,
		Phase:       corev1.NodeRunning,
		Conditions: []corev1.NodeCondition{
			condition(corev1.NodeReady, corev1.ConditionTrue, "KubeletReady"),
			condition(corev1.NodeMemoryPressure, corev1.ConditionFalse, "KubeletHasSufficientMemory"),
			condition(corev1.NodeDiskPressure, corev1.ConditionFalse, "KubeletHasNoDiskPressure"),
			condition(corev1.NodePIDPressure, corev1.ConditionFalse, "KubeletHasSufficientPID"),
		},
		Addresses: []corev1.NodeAddress{
			{Type: corev1.NodeInternalIP, Address: fmt.Sprintf("172.30.0.%d", index+2)},
			{Type: corev1.NodeHostName, Address: name},
		},
		NodeInfo: corev1.NodeSystemInfo{
			KubeletVersion:          kubernetesVersion(),
			OperatingSystem:         "linux",
			Architecture:            "amd64",
			ContainerRuntimeVersion: "simulated://1.0",
			OSImage:                 "simulated",
		},
	}
	_, err = s.client.CoreV1().Nodes().UpdateStatus(ctx, node, metav1.UpdateOptions{})
	return err
}

func (s *nodeSimulator) renewLease(ctx context.Context, name string) error {
	leases := s.client.CoordinationV1().Leases(corev1.NamespaceNodeLease)
	now := metav1.NewMicroTime(time.Now())
	lease, err := leases.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		_, err = leases.Create(ctx, &coordinationv1.Lease{
			ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: corev1.NamespaceNodeLease},
			Spec: coordinationv1.LeaseSpec{
				HolderIdentity:       ptr.To(name),
				LeaseDurationSeconds: ptr.To[int32](leaseDuration),
				RenewTime:            &now,
			},
		}, metav1.CreateOptions{})
		return err
	}
	if err != nil {
		return err
	}
	lease.Spec.RenewTime = &now
	_, err = leases.Update(ctx, lease, metav1.UpdateOptions{})
	return err
}

// run renews leases and node status, and plays the kubelet for pods bound to the simulated nodes.
func (s *nodeSimulator) run(ctx context.Context) {
	go func() {
		ticker := time.NewTicker(leaseRenewEvery)
		defer ticker.Stop()
		statusEvery := 0
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
			statusEvery++
			for i, name := range s.names {
				_ = s.renewLease(ctx, name)
				if statusEvery%6 == 0 {
					_ = s.reportNodeStatus(ctx, name, i)
				}
			}
		}
	}()

	factory := informers.NewSharedInformerFactoryWithOptions(s.client, 0,
		informers.WithTweakListOptions(func(o *metav1.ListOptions) {
			o.FieldSelector = fields.OneTermNotEqualSelector("spec.nodeName", "").String()
		}))
	informer := factory.Core().V1().Pods().Informer()
	s.podStore = informer.GetStore()
	enqueue := func(obj interface{}) {
		if key, err := cache.MetaNamespaceKeyFunc(obj); err == nil {
			s.queue.Add(key)
		}
	}
	_, _ = informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj interface{}) { enqueue(obj) },
		DeleteFunc: func(obj interface{}) {
			if pod, ok := obj.(*corev1.Pod); ok {
				s.mu.Lock()
				delete(s.podIPs, string(pod.UID))
				s.mu.Unlock()
			}
		},
	})
	factory.Start(ctx.Done())
	cache.WaitForCacheSync(ctx.Done(), informer.HasSynced)
	go func() {
		<-ctx.Done()
		s.queue.ShutDown()
	}()
	for i := 0; i < 4; i++ {
		go s.worker(ctx)
	}
}

func (s *nodeSimulator) worker(ctx context.Context) {
	for {
		key, quit := s.queue.Get()
		if quit {
			return
		}
		requeueAfter, err := s.syncPod(ctx, key)
		switch {
		case err != nil:
			s.queue.AddRateLimited(key)
		case requeueAfter > 0:
			s.queue.Forget(key)
			s.queue.AddAfter(key, requeueAfter)
		default:
			s.queue.Forget(key)
		}
		s.queue.Done(key)
	}
}

// syncPod moves one pod a step towards what a kubelet would report for it.
func (s *nodeSimulator) syncPod(ctx context.Context, key string) (time.Duration, error) {
	obj, exists, err := s.podStore.GetByKey(key)
	if err != nil || !exists {
		return 0, err
	}
	pod := obj.(*corev1.Pod)
	if s.nodeIndex(pod.Spec.NodeName) < 0 {
		return 0, nil
	}
	pods := s.client.CoreV1().Pods(pod.Namespace)

	// A deleted pod's containers stop at once; the kubelet then removes the object.
	if pod.DeletionTimestamp != nil {
		err := pods.Delete(ctx, pod.Name, metav1.DeleteOptions{
			GracePeriodSeconds: ptr.To[int64](0),
			Preconditions:      &metav1.Preconditions{UID: &pod.UID},
		})
		if apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
			return 0, nil
		}
		return 0, err
	}
	desired, requeueAfter := s.podStatus(pod)
	if desired == nil {
		return requeueAfter, nil
	}
	updated := pod.DeepCopy()
	updated.Status = *desired
	if _, err := pods.UpdateStatus(ctx, updated, metav1.UpdateOptions{}); err != nil {
		if apierrors.IsNotFound(err) {
			return 0, nil
		}
		return 0, err
	}
	return requeueAfter, nil
}

type containerOutcome int

const (
	outcomeRun containerOutcome = iota
	outcomeCrash
	outcomePullFailure
)

func imageOutcome(image string) containerOutcome {
	tag := ""
	if i := strings.LastIndex(image, ":"); i > strings.LastIndex(image, "/") {
		tag = image[i+1:]
	}
	switch {
	case tag == "fail" || strings.HasSuffix(tag, "-fail"):
		return outcomeCrash
	case tag == "missing" || strings.HasSuffix(tag, "-missing"):
		return outcomePullFailure
	}
	return outcomeRun
}

// podStatus is the status a kubelet would report for pod now, or nil when the current one stands;
// a duration asks to look again later (a Job container finishing).
func (s *nodeSimulator) podStatus(pod *corev1.Pod) (*corev1.PodStatus, time.Duration) {
	// A finished pod's containers never run again.
	if pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed {
		return nil, 0
	}
	runsToCompletion := pod.Spec.RestartPolicy != corev1.RestartPolicyAlways
	started := pod.Status.StartTime
	now := metav1.Now()
	if started == nil {
		started = &now
	}
	finishing := runsToCompletion && pod.Status.Phase == corev1.PodRunning && now.Sub(started.Time) >= jobRunTime

	outcome := outcomeRun
	for _, c := range pod.Spec.Containers {
		if o := imageOutcome(c.Image); o > outcome {
			outcome = o
		}
	}

	status := corev1.PodStatus{
		HostIP:    pod.Status.HostIP,
		PodIP:     pod.Status.PodIP,
		StartTime: started,
		QOSClass:  pod.Status.QOSClass,
	}
	if status.HostIP == "" {
		status.HostIP = fmt.Sprintf("172.30.0.%d", s.nodeIndex(pod.Spec.NodeName)+2)
		status.HostIPs = []corev1.HostIP{{IP: status.HostIP}}
	} else {
		status.HostIPs = pod.Status.HostIPs
	}
	if status.PodIP == "" {
		if pod.Spec.HostNetwork {
			status.PodIP = status.HostIP
		} else {
			status.PodIP = s.allocateIP(pod)
		}
	}
	status.PodIPs = []corev1.PodIP{{IP: status.PodIP}}

	for _, c := range pod.Spec.InitContainers {
		status.InitContainerStatuses = append(status.InitContainerStatuses, corev1.ContainerStatus{
			Name: c.Name, Image: c.Image, ImageID: "simulated://" + c.Image, Ready: true,
			State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
				ExitCode: 0, Reason: "Completed", StartedAt: *started, FinishedAt: *started,
			}},
		})
	}

	ready := false
	var requeue time.Duration
	switch {
	case outcome == outcomePullFailure:
		status.Phase = corev1.PodPending
		for _, c := range pod.Spec.Containers {
			status.ContainerStatuses = append(status.ContainerStatuses, waitingStatus(c, "ImagePullBackOff",
				fmt.Sprintf("Back-off pulling image %q", c.Image), 0))
		}
	case outcome == outcomeCrash && !runsToCompletion:
		status.Phase = corev1.PodRunning
		restarts := int32(1)
		for _, cs := range pod.Status.ContainerStatuses {
			restarts = cs.RestartCount
		}
		for _, c := range pod.Spec.Containers {
			cs := waitingStatus(c, "CrashLoopBackOff", "back-off restarting failed container", restarts)
			cs.LastTerminationState = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
				ExitCode: 1, Reason: "Error", StartedAt: *started, FinishedAt: now,
			}}
			status.ContainerStatuses = append(status.ContainerStatuses, cs)
		}
	case outcome == outcomeCrash || finishing:
		exitCode, reason := int32(0), "Completed"
		status.Phase = corev1.PodSucceeded
		if outcome == outcomeCrash {
			exitCode, reason, status.Phase = 1, "Error", corev1.PodFailed
		}
		for _, c := range pod.Spec.Containers {
			status.ContainerStatuses = append(status.ContainerStatuses, corev1.ContainerStatus{
				Name: c.Name, Image: c.Image, ImageID: "simulated://" + c.Image,
				State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
					ExitCode: exitCode, Reason: reason, StartedAt: *started, FinishedAt: now,
				}},
			})
		}
	default:
		status.Phase = corev1.PodRunning
		ready = true
		for _, c := range pod.Spec.Containers {
			status.ContainerStatuses = append(status.ContainerStatuses, corev1.ContainerStatus{
				Name: c.Name, Image: c.Image, ImageID: "simulated://" + c.Image, Ready: true,
				Started: ptr.To(true), ContainerID: "simulated://" + string(pod.UID) + "/" + c.Name,
				State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: *started}},
			})
		}
		if runsToCompletion {
			requeue = jobRunTime
		}
	}

	conditionStatus := func(ok bool) corev1.ConditionStatus {
		if ok {
			return corev1.ConditionTrue
		}
		return corev1.ConditionFalse
	}
	running := status.Phase == corev1.PodRunning
	status.Conditions = []corev1.PodCondition{
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
		{Type: corev1.PodInitialized, Status: corev1.ConditionTrue},
		{Type: corev1.ContainersReady, Status: conditionStatus(running && ready)},
		{Type: corev1.PodReady, Status: conditionStatus(running && ready)},
	}
	for i := range status.Conditions {
		status.Conditions[i].LastTransitionTime = transitionTime(pod, status.Conditions[i], now)
		if status.Conditions[i].Status == corev1.ConditionFalse {
			status.Conditions[i].Reason = "ContainersNotReady"
		}
	}
	if status.Phase == corev1.PodSucceeded || status.Phase == corev1.PodFailed {
		status.Conditions[2].Reason, status.Conditions[3].Reason = "PodCompleted", "PodCompleted"
	}

	if samePodStatus(&pod.Status, &status) {
		return nil, requeue
	}
	return &status, requeue
}

func waitingStatus(c corev1.Container, reason, message string, restarts int32) corev1.ContainerStatus {
	return corev1.ContainerStatus{
		Name: c.Name, Image: c.Image, ImageID: "simulated://" + c.Image, RestartCount: restarts,
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: reason, Message: message}},
	}
}

func transitionTime(pod *corev1.Pod, c corev1.PodCondition, now metav1.Time) metav1.Time {
	for _, old := range pod.Status.Conditions {
		if old.Type == c.Type && old.Status == c.Status {
			return old.LastTransitionTime
		}
	}
	return now
}

// samePodStatus compares what this simulator sets, so an unchanged pod is not written again.
func samePodStatus(a, b *corev1.PodStatus) bool {
	if a.Phase != b.Phase || a.PodIP != b.PodIP || len(a.ContainerStatuses) != len(b.ContainerStatuses) ||
		len(a.Conditions) != len(b.Conditions) {
		return false
	}
	for i := range a.Conditions {
		if a.Conditions[i].Type != b.Conditions[i].Type || a.Conditions[i].Status != b.Conditions[i].Status {
			return false
		}
	}
	for i := range a.ContainerStatuses {
		x, y := a.ContainerStatuses[i], b.ContainerStatuses[i]
		if x.Ready != y.Ready || (x.State.Running == nil) != (y.State.Running == nil) ||
			(x.State.Waiting == nil) != (y.State.Waiting == nil) ||
			(x.State.Terminated == nil) != (y.State.Terminated == nil) {
			return false
		}
	}
	return true
}

func (s *nodeSimulator) allocateIP(pod *corev1.Pod) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ip, ok := s.podIPs[string(pod.UID)]; ok {
		return ip
	}
	// Each node hands out addresses from its own /24, wrapping after 250 pods.
	s.nextIP[pod.Spec.NodeName]++
	n := s.nextIP[pod.Spec.NodeName]
	ip := fmt.Sprintf("10.244.%d.%d", s.nodeIndex(pod.Spec.NodeName)+1, n%250+2)
	s.podIPs[string(pod.UID)] = ip
	return ip
}
