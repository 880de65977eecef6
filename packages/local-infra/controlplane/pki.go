package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// credentials are the files the components and clients share: a cluster CA, the API server's
// serving certificate, the service-account signing key and the static admin token.
type credentials struct {
	CACertFile      string
	ServingCertFile string
	ServingKeyFile  string
	SAKeyFile       string
	SAPubFile       string
	TokenFile       string
	AdminToken      string
	CACertPEM       []byte
}

// writeCredentials creates a fresh CA, serving certificate and keys in dir. A data directory is
// reused across restarts, so current files are kept: clients holding the old kubeconfig stay valid.
func writeCredentials(dir string) (*credentials, error) {
	c := &credentials{
		CACertFile:      filepath.Join(dir, "ca.crt"),
		ServingCertFile: filepath.Join(dir, "apiserver.crt"),
		ServingKeyFile:  filepath.Join(dir, "apiserver.key"),
		SAKeyFile:       filepath.Join(dir, "sa.key"),
		SAPubFile:       filepath.Join(dir, "sa.pub"),
		TokenFile:       filepath.Join(dir, "tokens.csv"),
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if !c.current() {
		if err := c.generate(); err != nil {
			return nil, err
		}
	}
	token, err := os.ReadFile(filepath.Join(dir, "admin.token"))
	if err != nil {
		return nil, err
	}
	c.AdminToken = string(token)
	if c.CACertPEM, err = os.ReadFile(c.CACertFile); err != nil {
		return nil, err
	}
	return c, nil
}

// metricsServiceDNSName is the name the aggregator checks on the metrics API's certificate.
const metricsServiceDNSName = metricsServiceName + ".kube-system.svc"

// current tells whether dir holds a complete set of credentials of this version (the serving
// certificate also names the metrics API's Service).
func (c *credentials) current() bool {
	if _, err := os.Stat(c.TokenFile); err != nil {
		return false
	}
	data, err := os.ReadFile(c.ServingCertFile)
	if err != nil {
		return false
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return false
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	return err == nil && cert.VerifyHostname(metricsServiceDNSName) == nil
}

func (c *credentials) generate() error {
	now := time.Now().Add(-time.Hour)
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "local-controlplane-ca"},
		NotBefore:             now,
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return err
	}

	servingKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	servingTemplate := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "kube-apiserver"},
		NotBefore:    now,
		NotAfter:     now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{
			"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc.cluster.local", metricsServiceDNSName,
		},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1"), net.ParseIP("10.96.0.1")},
	}
	servingDER, err := x509.CreateCertificate(rand.Reader, servingTemplate, caCert, &servingKey.PublicKey, caKey)
	if err != nil {
		return err
	}

	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	saPub, err := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	if err != nil {
		return err
	}

	tokenBytes := make([]byte, 24)
	if _, err := rand.Read(tokenBytes); err != nil {
		return err
	}
	token := hex.EncodeToString(tokenBytes)

	servingKeyDER, err := x509.MarshalECPrivateKey(servingKey)
	if err != nil {
		return err
	}
	files := []struct {
		path string
		data []byte
	}{
		{c.CACertFile, pemBlock("CERTIFICATE", caDER)},
		{c.ServingCertFile, pemBlock("CERTIFICATE", servingDER)},
		{c.ServingKeyFile, pemBlock("EC PRIVATE KEY", servingKeyDER)},
		{c.SAKeyFile, pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(saKey))},
		{c.SAPubFile, pemBlock("PUBLIC KEY", saPub)},
		{filepath.Join(filepath.Dir(c.TokenFile), "admin.token"), []byte(token)},
		// The admin is in system:masters: the engine, kubectl and the components act as it; tenancy
		// tests narrow it with impersonation, as the engine does in production.
		{c.TokenFile, []byte(fmt.Sprintf("%s,admin,admin-uid,system:masters\n", token))},
	}
	for _, f := range files {
		if err := os.WriteFile(f.path, f.data, 0o600); err != nil {
			return err
		}
	}
	return nil
}

func pemBlock(kind string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
}
