// Command pulumi-language-python (this repository's shim; scripts/pulumi-python.sh builds it) lets
// the pinned Pulumi CLI run Python programs and generate Python code with the Python language
// host that the Go module proxy serves.
//
// The CLI release's own host (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3)
// is never tagged, so the proxy has no version of it; the newest host it serves is the one in
// github.com/pulumi/pulumi/sdk/v3 v3.79.0 (scripts/pulumi-cli/language-python), which predates two
// things the CLI relies on: it takes the project's runtime options (`virtualenv`) as command-line
// flags, where the CLI now sends them with each request, and it has no code generation. So this
// shim, built against the CLI release (../go.mod pins it):
//   - starts the v3.79.0 host, pulumi-language-python-v3.79.0 beside it (with its exec shim), with
//     the flags for the options of the program each request names, and forwards the program
//     requests to it (required plugins, run, plugin info);
//   - answers GeneratePackage (`pulumi package gen-sdk --language python`) and GenerateProgram
//     (`pulumi import`, `pulumi convert`) itself, with the Python code generator of the CLI
//     release, github.com/pulumi/pulumi/pkg/v3/codegen/python.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chat-members/pulumi-codegen-hosts/hostkit"
	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

// legacyHost is the v3.79.0 host's file name, beside this executable.
const legacyHost = "pulumi-language-python-v3.79.0"

func main() {
	var tracing, root, virtualenv string
	flag.StringVar(&tracing, "tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	flag.StringVar(&root, "root", "", "Project root path to use")
	flag.StringVar(&virtualenv, "virtualenv", "", "Virtual environment path to use")
	flag.String("toolchain", "", "[unsupported] Python toolchain")
	flag.String("typechecker", "", "[unsupported] Python type checker")
	flag.Parse()
	engineAddress := ""
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
	}
	self, err := os.Executable()
	if err != nil {
		cmdutil.Exit(err)
	}
	self, _ = filepath.EvalSymlinks(self)
	host := &shim{
		legacy:        filepath.Join(filepath.Dir(self), legacyHost),
		engineAddress: engineAddress,
		tracing:       tracing,
		backends:      map[string]*backend{},
	}
	hostkit.Serve(host, host.stop)
}

type backend struct {
	cmd    *exec.Cmd
	conn   *grpc.ClientConn
	client pulumirpc.LanguageRuntimeClient
}

type shim struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	legacy        string
	engineAddress string
	tracing       string

	mu       sync.Mutex
	backends map[string]*backend // by the flags the v3.79.0 host was started with
}

// flagsFor are the v3.79.0 host's flags for a program: its root and the `virtualenv` option.
func flagsFor(info *pulumirpc.ProgramInfo) []string {
	var flags []string
	if info == nil {
		return flags
	}
	if r := info.GetRootDirectory(); r != "" {
		flags = append(flags, "-root="+r)
	}
	if opts := info.GetOptions().AsMap(); opts != nil {
		if v, ok := opts["virtualenv"].(string); ok && v != "" {
			flags = append(flags, "-virtualenv="+v)
		}
	}
	return flags
}

func (s *shim) backend(info *pulumirpc.ProgramInfo) (pulumirpc.LanguageRuntimeClient, error) {
	flags := flagsFor(info)
	key := strings.Join(flags, "\x00")
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.backends[key]; ok {
		return b.client, nil
	}
	args := append([]string{}, flags...)
	if s.tracing != "" {
		args = append(args, "-tracing="+s.tracing)
	}
	if s.engineAddress != "" {
		args = append(args, s.engineAddress)
	}
	cmd := exec.Command(s.legacy, args...)
	cmd.Stderr = os.Stderr
	if info != nil && info.GetRootDirectory() != "" {
		cmd.Dir = info.GetRootDirectory()
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", s.legacy, err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		return nil, fmt.Errorf("%s printed no port: %w", s.legacy, err)
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(line),
		grpc.WithTransportCredentials(insecure.NewCredentials()), rpcutil.GrpcChannelOptions())
	if err != nil {
		_ = cmd.Process.Kill()
		return nil, err
	}
	b := &backend{cmd: cmd, conn: conn, client: pulumirpc.NewLanguageRuntimeClient(conn)}
	s.backends[key] = b
	return b.client, nil
}

func (s *shim) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for key, b := range s.backends {
		_ = b.conn.Close()
		_ = b.cmd.Process.Kill()
		_ = b.cmd.Wait()
		delete(s.backends, key)
	}
}

func (s *shim) GetRequiredPlugins(
	ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	client, err := s.backend(req.GetInfo())
	if err != nil {
		return nil, err
	}
	return client.GetRequiredPlugins(ctx, req)
}

func (s *shim) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	client, err := s.backend(req.GetInfo())
	if err != nil {
		return nil, err
	}
	return client.Run(ctx, req)
}

func (s *shim) GetPluginInfo(ctx context.Context, _ *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	client, err := s.backend(nil)
	if err != nil {
		return nil, err
	}
	return client.GetPluginInfo(ctx, &emptypb.Empty{})
}

// GeneratePackage writes a package's Python SDK, as the CLI release's host does.
func (s *shim) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	return hostkit.GeneratePackage(req, func(pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error) {
		return python.GeneratePackage("pulumi-language-python", pkg, req.GetExtraFiles(), loader)
	})
}

// GenerateProgram turns a PCL program (what `pulumi import` and `pulumi convert` produce) into Python.
func (s *shim) GenerateProgram(
	_ context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	parser := syntax.NewParser()
	for path, contents := range req.GetSource() {
		if err := parser.ParseFile(strings.NewReader(contents), path); err != nil {
			return nil, err
		}
		if parser.Diagnostics.HasErrors() {
			return nil, parser.Diagnostics
		}
	}
	options := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	if !req.GetStrict() {
		options = append(options, pcl.NonStrictBindOptions()...)
	}
	program, diags, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(loader), options...)
	if err != nil {
		return nil, err
	}
	rpcDiagnostics := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: rpcDiagnostics}, nil
	}
	if program == nil {
		return nil, errors.New("internal error: the bound program is nil")
	}
	files, diags, err := python.GenerateProgram(program)
	if err != nil {
		return nil, err
	}
	rpcDiagnostics = append(rpcDiagnostics, plugin.HclDiagnosticsToRPCDiagnostics(diags)...)
	return &pulumirpc.GenerateProgramResponse{Source: files, Diagnostics: rpcDiagnostics}, nil
}
