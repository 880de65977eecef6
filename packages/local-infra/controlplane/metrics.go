package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	apiregistrationv1 "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1"
	aggregator "k8s.io/kube-aggregator/pkg/client/clientset_generated/clientset"
	metricsv1beta1 "k8s.io/metrics/pkg/apis/metrics/v1beta1"
	"k8s.io/utils/ptr"
)

// The resource metrics API (metrics.k8s.io), served for the simulated pods so that the
// horizontal-pod-autoscaler controller has something to read, as metrics-server provides on a real
// cluster. It is an aggregated API: the API server proxies to it through an APIService whose
// Service is an ExternalName for 127.0.0.1 (no pod network here).
//
// Usage convention (documented in packages/local-infra/README.md): each container uses half of
// what it requests (CPU and memory), or 10m CPU and 32Mi memory when it requests nothing; a pod
// annotation `local-controlplane/cpu-usage: 900m` sets the CPU of each of its containers.

const (
	metricsGroupVersion = "metrics.k8s.io/v1beta1"
	cpuUsageAnnotation  = "local-controlplane/cpu-usage"
	metricsServiceName  = "local-metrics"
)

type metricsServer struct {
	nodes *nodeSimulator
}

func startMetricsServer(ctx context.Context, nodes *nodeSimulator, creds *credentials) (int, error) {
	cert, err := tls.LoadX509KeyPair(creds.ServingCertFile, creds.ServingKeyFile)
	if err != nil {
		return 0, err
	}
	listener, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	if err != nil {
		return 0, err
	}
	server := &http.Server{Handler: &metricsServer{nodes: nodes}, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = server.Close()
	}()
	go func() { _ = server.Serve(listener) }()
	return listener.Addr().(*net.TCPAddr).Port, nil
}

// registerMetricsAPI points the aggregator at the metrics server (again on every start: its port changes).
func registerMetricsAPI(ctx context.Context, client kubernetes.Interface, config *rest.Config, port int, creds *credentials) error {
	service := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: metricsServiceName, Namespace: metav1.NamespaceSystem},
		Spec: corev1.ServiceSpec{
			Type:         corev1.ServiceTypeExternalName,
			ExternalName: "127.0.0.1",
			Ports:        []corev1.ServicePort{{Name: "https", Port: int32(port), TargetPort: intstr.FromInt32(int32(port))}},
		},
	}
	services := client.CoreV1().Services(metav1.NamespaceSystem)
	if existing, err := services.Get(ctx, metricsServiceName, metav1.GetOptions{}); err == nil {
		existing.Spec.Ports = service.Spec.Ports
		if _, err := services.Update(ctx, existing, metav1.UpdateOptions{}); err != nil {
			return err
		}
	} else if _, err := services.Create(ctx, service, metav1.CreateOptions{}); err != nil {
		return err
	}

	apiServices, err := aggregator.NewForConfig(config)
	if err != nil {
		return err
	}
	apiService := &apiregistrationv1.APIService{
		ObjectMeta: metav1.ObjectMeta{Name: "v1beta1.metrics.k8s.io"},
		Spec: apiregistrationv1.APIServiceSpec{
			Service:              &apiregistrationv1.ServiceReference{Namespace: metav1.NamespaceSystem, Name: metricsServiceName, Port: ptr.To(int32(port))},
			Group:                "metrics.k8s.io",
			Version:              "v1beta1",
			CABundle:             creds.CACertPEM,
			GroupPriorityMinimum: 100,
			VersionPriority:      100,
		},
	}
	registrations := apiServices.ApiregistrationV1().APIServices()
	existing, err := registrations.Get(ctx, apiService.Name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		_, err = registrations.Create(ctx, apiService, metav1.CreateOptions{})
	case err == nil:
		existing.Spec = apiService.Spec
		_, err = registrations.Update(ctx, existing, metav1.UpdateOptions{})
	}
	return err
}

func (m *metricsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 3 || parts[0] != "apis" || parts[1]+"/"+parts[2] != metricsGroupVersion {
		http.NotFound(w, r)
		return
	}
	rest := parts[3:]
	switch {
	case len(rest) == 0:
		writeJSON(w, metav1.APIResourceList{
			TypeMeta:     metav1.TypeMeta{Kind: "APIResourceList", APIVersion: "v1"},
			GroupVersion: metricsGroupVersion,
			APIResources: []metav1.APIResource{
				{Name: "pods", Namespaced: true, Kind: "PodMetrics", Verbs: []string{"get", "list"}},
				{Name: "nodes", Namespaced: false, Kind: "NodeMetrics", Verbs: []string{"get", "list"}},
			},
		})
	case len(rest) >= 1 && rest[0] == "pods":
		m.servePods(w, r, "", rest[1:])
	case len(rest) >= 3 && rest[0] == "namespaces" && rest[2] == "pods":
		m.servePods(w, r, rest[1], rest[3:])
	case len(rest) >= 1 && rest[0] == "nodes":
		m.serveNodes(w, rest[1:])
	default:
		http.NotFound(w, r)
	}
}

func (m *metricsServer) servePods(w http.ResponseWriter, r *http.Request, namespace string, name []string) {
	selector, err := labels.Parse(r.URL.Query().Get("labelSelector"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	list := metricsv1beta1.PodMetricsList{TypeMeta: metav1.TypeMeta{Kind: "PodMetricsList", APIVersion: metricsGroupVersion}}
	for _, obj := range m.nodes.podStore.List() {
		pod := obj.(*corev1.Pod)
		if pod.Status.Phase != corev1.PodRunning || (namespace != "" && pod.Namespace != namespace) ||
			!selector.Matches(labels.Set(pod.Labels)) || (len(name) == 1 && pod.Name != name[0]) {
			continue
		}
		list.Items = append(list.Items, podMetrics(pod))
	}
	if len(name) == 1 {
		writeItem(w, "PodMetrics", name[0], list.Items, func(item *metricsv1beta1.PodMetrics, t metav1.TypeMeta) { item.TypeMeta = t })
		return
	}
	writeJSON(w, list)
}

func podMetrics(pod *corev1.Pod) metricsv1beta1.PodMetrics {
	pm := metricsv1beta1.PodMetrics{
		ObjectMeta: metav1.ObjectMeta{Name: pod.Name, Namespace: pod.Namespace, Labels: pod.Labels, CreationTimestamp: metav1.Now()},
		Timestamp:  metav1.NewTime(time.Now().Truncate(time.Second)),
		Window:     metav1.Duration{Duration: 5 * time.Second},
	}
	for _, c := range pod.Spec.Containers {
		cpu := halfOr(c.Resources.Requests.Cpu(), resource.MustParse("10m"))
		if override, ok := pod.Annotations[cpuUsageAnnotation]; ok {
			if q, err := resource.ParseQuantity(override); err == nil {
				cpu = q
			}
		}
		memory := halfOr(c.Resources.Requests.Memory(), resource.MustParse("32Mi"))
		pm.Containers = append(pm.Containers, metricsv1beta1.ContainerMetrics{
			Name:  c.Name,
			Usage: corev1.ResourceList{corev1.ResourceCPU: cpu, corev1.ResourceMemory: memory},
		})
	}
	return pm
}

func halfOr(requested *resource.Quantity, fallback resource.Quantity) resource.Quantity {
	if requested == nil || requested.IsZero() {
		return fallback
	}
	if requested.Format == resource.DecimalSI || requested.Format == resource.DecimalExponent {
		return *resource.NewMilliQuantity(requested.MilliValue()/2, resource.DecimalSI)
	}
	return *resource.NewQuantity(requested.Value()/2, resource.BinarySI)
}

func (m *metricsServer) serveNodes(w http.ResponseWriter, name []string) {
	list := metricsv1beta1.NodeMetricsList{TypeMeta: metav1.TypeMeta{Kind: "NodeMetricsList", APIVersion: metricsGroupVersion}}
	for _, node := range m.nodes.names {
		if len(name) == 1 && name[0] != node {
			continue
		}
		list.Items = append(list.Items, metricsv1beta1.NodeMetrics{
			ObjectMeta: metav1.ObjectMeta{Name: node, Labels: map[string]string{"kubernetes.io/hostname": node}},
			Timestamp:  metav1.NewTime(time.Now().Truncate(time.Second)),
			Window:     metav1.Duration{Duration: 5 * time.Second},
			Usage:      corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1"), corev1.ResourceMemory: resource.MustParse("4Gi")},
		})
	}
	if len(name) == 1 {
		writeItem(w, "NodeMetrics", name[0], list.Items, func(item *metricsv1beta1.NodeMetrics, t metav1.TypeMeta) { item.TypeMeta = t })
		return
	}
	writeJSON(w, list)
}

// writeItem answers a GET of one named object: the only item of a list filtered by name, or 404.
func writeItem[T any](w http.ResponseWriter, kind, name string, items []T, setType func(*T, metav1.TypeMeta)) {
	if len(items) == 0 {
		http.Error(w, fmt.Sprintf("%s %q not found", strings.ToLower(kind), name), http.StatusNotFound)
		return
	}
	item := items[0]
	setType(&item, metav1.TypeMeta{Kind: kind, APIVersion: metricsGroupVersion})
	writeJSON(w, item)
}

func writeJSON(w http.ResponseWriter, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
