package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap/zapcore"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

type upOptions struct {
	dataDir    string
	port       int
	kubeconfig string
	nodes      int
	logDir     string
	parentPID  int
}

// readyLine is printed on stdout, as one JSON line, once the cluster takes work.
type readyLine struct {
	Ready      bool   `json:"ready"`
	Server     string `json:"server"`
	Kubeconfig string `json:"kubeconfig"`
	Version    string `json:"version"`
	Token      string `json:"token"`
	StartupMs  int64  `json:"startupMs"`
}

func runUp(args []string) int {
	started := time.Now()
	var o upOptions
	fs := flag.NewFlagSet("up", flag.ExitOnError)
	fs.StringVar(&o.dataDir, "data-dir", "", "folder for etcd data, certificates and logs (required)")
	fs.IntVar(&o.port, "port", 0, "API server port on 127.0.0.1 (0: a free port)")
	fs.StringVar(&o.kubeconfig, "kubeconfig", "", "where to write the admin kubeconfig (default: <data-dir>/kubeconfig)")
	fs.IntVar(&o.nodes, "nodes", 3, "simulated nodes")
	fs.IntVar(&o.parentPID, "exit-with-parent", 0, "stop when the process with this id is gone (the test runner that started it)")
	_ = fs.Parse(args)
	if o.dataDir == "" {
		fmt.Fprintln(os.Stderr, "up: --data-dir is required")
		return 2
	}
	o.dataDir, _ = filepath.Abs(o.dataDir)
	if o.kubeconfig == "" {
		o.kubeconfig = filepath.Join(o.dataDir, "kubeconfig")
	}
	o.logDir = filepath.Join(o.dataDir, "logs")
	if err := os.MkdirAll(o.logDir, 0o755); err != nil {
		return fail("create log folder", err)
	}

	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	if o.parentPID > 0 {
		go exitWithParent(o.parentPID, cancel)
	}

	// Credentials: CA, serving certificate, service-account key, admin token.
	creds, err := writeCredentials(filepath.Join(o.dataDir, "pki"))
	if err != nil {
		return fail("write credentials", err)
	}

	// etcd, embedded in this process.
	etcdURL, stopEtcd, err := startEtcd(filepath.Join(o.dataDir, "etcd"), filepath.Join(o.logDir, "etcd.log"))
	if err != nil {
		return fail("start etcd", err)
	}
	defer stopEtcd()

	// kube-apiserver, then the clients of everything else.
	if o.port == 0 {
		if o.port, err = freePort(); err != nil {
			return fail("pick an API server port", err)
		}
	}
	server := fmt.Sprintf("https://127.0.0.1:%d", o.port)
	if err := writeKubeconfig(o.kubeconfig, server, creds); err != nil {
		return fail("write kubeconfig", err)
	}
	componentKubeconfig := filepath.Join(o.dataDir, "pki", "admin.kubeconfig")
	if err := writeKubeconfig(componentKubeconfig, server, creds); err != nil {
		return fail("write component kubeconfig", err)
	}
	children := &supervisor{logDir: o.logDir, exited: make(chan string, 3)}
	if err := children.start("kube-apiserver", apiserverFlags(o.port, etcdURL, creds)); err != nil {
		return fail("start kube-apiserver", err)
	}
	defer children.stopAll()
	config := &rest.Config{
		Host:            server,
		BearerToken:     creds.AdminToken,
		TLSClientConfig: rest.TLSClientConfig{CAData: creds.CACertPEM},
		QPS:             50,
		Burst:           100,
	}
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		return fail("build client", err)
	}
	if err := waitForAPIServer(ctx, client, children.exited); err != nil {
		return fail("wait for kube-apiserver", err)
	}

	// kube-controller-manager and kube-scheduler.
	if err := children.start("kube-controller-manager", controllerManagerFlags(componentKubeconfig, creds)); err != nil {
		return fail("start kube-controller-manager", err)
	}
	if err := children.start("kube-scheduler", schedulerFlags(componentKubeconfig)); err != nil {
		return fail("start kube-scheduler", err)
	}

	// Simulated nodes: registered, heartbeating, running the pods bound to them.
	nodes := newNodeSimulator(client, o.nodes)
	if err := nodes.register(ctx); err != nil {
		return fail("register nodes", err)
	}
	nodes.run(ctx)

	// The resource metrics API, so the horizontal-pod-autoscaler controller can read pod usage.
	metricsPort, err := startMetricsServer(ctx, nodes, creds)
	if err != nil {
		return fail("start the metrics API", err)
	}
	if err := registerMetricsAPI(ctx, client, config, metricsPort, creds); err != nil {
		return fail("register the metrics API", err)
	}

	if err := waitForControllers(ctx, client, children.exited); err != nil {
		return fail("wait for controllers", err)
	}

	line, _ := json.Marshal(readyLine{
		Ready:      true,
		Server:     server,
		Kubeconfig: o.kubeconfig,
		Version:    kubernetesVersion(),
		Token:      creds.AdminToken,
		StartupMs:  time.Since(started).Milliseconds(),
	})
	fmt.Println(string(line))

	select {
	case <-ctx.Done():
		return 0
	case name := <-children.exited:
		fmt.Fprintf(os.Stderr, "%s exited; its log: %s\n", name, filepath.Join(o.logDir, name+".log"))
		return 1
	}
}

// exitWithParent cancels when the parent process is gone: a test runner killed without cleanup
// leaves no cluster behind.
func exitWithParent(pid int, cancel context.CancelFunc) {
	for {
		time.Sleep(time.Second)
		if os.Getppid() != pid && syscall.Kill(pid, 0) != nil {
			cancel()
			return
		}
	}
}

func fail(what string, err error) int {
	fmt.Fprintf(os.Stderr, "local-controlplane: %s: %v\n", what, err)
	return 1
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func startEtcd(dir, logFile string) (string, func(), error) {
	clientPort, err := freePort()
	if err != nil {
		return "", nil, err
	}
	peerPort, err := freePort()
	if err != nil {
		return "", nil, err
	}
	cfg := embed.NewConfig()
	cfg.Dir = dir
	cfg.Name = "local"
	clientURL, _ := url.Parse("http://127.0.0.1:" + strconv.Itoa(clientPort))
	peerURL, _ := url.Parse("http://127.0.0.1:" + strconv.Itoa(peerPort))
	cfg.ListenClientUrls = []url.URL{*clientURL}
	cfg.AdvertiseClientUrls = []url.URL{*clientURL}
	cfg.ListenPeerUrls = []url.URL{*peerURL}
	cfg.AdvertisePeerUrls = []url.URL{*peerURL}
	cfg.InitialCluster = cfg.Name + "=" + peerURL.String()
	cfg.LogLevel = zapcore.WarnLevel.String()
	cfg.LogOutputs = []string{logFile}
	// A test cluster's history is short-lived: compact often and keep the database small.
	cfg.AutoCompactionMode = "periodic"
	cfg.AutoCompactionRetention = "5m"
	cfg.QuotaBackendBytes = 4 << 30
	// Durability across power loss is not needed here; fsync would dominate write latency.
	cfg.UnsafeNoFsync = true
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return "", nil, err
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(30 * time.Second):
		e.Close()
		return "", nil, fmt.Errorf("etcd not ready after 30 s (log: %s)", logFile)
	}
	return clientURL.String(), e.Close, nil
}

func writeKubeconfig(path, server string, creds *credentials) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["local"] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: creds.CACertPEM}
	cfg.AuthInfos["admin"] = &clientcmdapi.AuthInfo{Token: creds.AdminToken}
	cfg.Contexts["local"] = &clientcmdapi.Context{Cluster: "local", AuthInfo: "admin"}
	cfg.CurrentContext = "local"
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return clientcmd.WriteToFile(*cfg, path)
}

// supervisor runs components as child processes of this binary.
type supervisor struct {
	logDir   string
	children []*exec.Cmd
	exited   chan string
}

func (s *supervisor) start(name string, flags []string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	log, err := os.Create(filepath.Join(s.logDir, name+".log"))
	if err != nil {
		return err
	}
	cmd := exec.Command(self, append([]string{name}, flags...)...)
	cmd.Stdout = log
	cmd.Stderr = log
	// The child dies with this process even when it is killed without a chance to clean up.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return err
	}
	s.children = append(s.children, cmd)
	go func() {
		_ = cmd.Wait()
		log.Close()
		s.exited <- name
	}()
	return nil
}

func (s *supervisor) stopAll() {
	for i := len(s.children) - 1; i >= 0; i-- {
		_ = s.children[i].Process.Signal(syscall.SIGTERM)
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, c := range s.children {
		for c.ProcessState == nil && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if c.ProcessState == nil {
			_ = c.Process.Kill()
		}
	}
}
