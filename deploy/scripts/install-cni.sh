#!/bin/sh
# Installs the CNI plugins and the network config on a node, as Calico's install-cni init
# container does: copies `calico` and `calico-ipam` into the host's CNI bin directory and writes
# the conflist from CNI_NETWORK_CONFIG (or CNI_NETWORK_CONFIG_FILE) with its placeholders filled.
# Each file is written to a temporary name and renamed, so a runtime never reads half a file.
#
# Environment (defaults are the DaemonSet's host mounts):
#   CNI_BIN_SRC        where the built plugins are          [/opt/jcalico/cni-bin]
#   CNI_BIN_DIR        the host's CNI bin directory         [/host/opt/cni/bin]
#   CNI_NET_DIR        the host's CNI config directory      [/host/etc/cni/net.d]
#   CNI_CONF_NAME      the conflist's file name             [10-calico.conflist]
#   CNI_NETWORK_CONFIG the conflist template (JSON text), or CNI_NETWORK_CONFIG_FILE a path to it
#   CNI_MTU            replaces __CNI_MTU__                 [1500]
#   ETCD_ENDPOINTS     replaces __ETCD_ENDPOINTS__          [http://127.0.0.1:2379]
#   KUBERNETES_NODE_NAME (or NODENAME) replaces __KUBERNETES_NODE_NAME__ [hostname]
#   LOG_LEVEL          replaces __LOG_LEVEL__               [info]
set -eu

src="${CNI_BIN_SRC:-/opt/jcalico/cni-bin}"
bin_dir="${CNI_BIN_DIR:-/host/opt/cni/bin}"
net_dir="${CNI_NET_DIR:-/host/etc/cni/net.d}"
conf_name="${CNI_CONF_NAME:-10-calico.conflist}"
node="${KUBERNETES_NODE_NAME:-${NODENAME:-$(hostname)}}"

fail() { echo "install-cni: $*" >&2; exit 1; }

if [ -n "${CNI_NETWORK_CONFIG_FILE:-}" ]; then
  [ -r "$CNI_NETWORK_CONFIG_FILE" ] || fail "CNI_NETWORK_CONFIG_FILE $CNI_NETWORK_CONFIG_FILE is not readable"
  template="$(cat "$CNI_NETWORK_CONFIG_FILE")"
elif [ -n "${CNI_NETWORK_CONFIG:-}" ]; then
  template="$CNI_NETWORK_CONFIG"
else
  fail "set CNI_NETWORK_CONFIG (the conflist template) or CNI_NETWORK_CONFIG_FILE"
fi
case "${CNI_MTU:-1500}" in *[!0-9]*|'') fail "CNI_MTU '${CNI_MTU}' is not a number" ;; esac

mkdir -p "$bin_dir" "$net_dir"
for plugin in calico calico-ipam; do
  [ -x "$src/$plugin" ] || fail "$src/$plugin is missing (build it with scripts/build.sh)"
  cp "$src/$plugin" "$bin_dir/.$plugin.tmp"
  chmod 755 "$bin_dir/.$plugin.tmp"
  mv -f "$bin_dir/.$plugin.tmp" "$bin_dir/$plugin"
  echo "install-cni: installed $bin_dir/$plugin"
done

# '|' cannot occur in the values substituted (URLs, names, numbers); '&' and '\' are escaped.
esc() { printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'; }
printf '%s\n' "$template" | sed \
  -e "s|__CNI_MTU__|$(esc "${CNI_MTU:-1500}")|g" \
  -e "s|__ETCD_ENDPOINTS__|$(esc "${ETCD_ENDPOINTS:-http://127.0.0.1:2379}")|g" \
  -e "s|__KUBERNETES_NODE_NAME__|$(esc "$node")|g" \
  -e "s|__LOG_LEVEL__|$(esc "${LOG_LEVEL:-info}")|g" > "$net_dir/.$conf_name.tmp"
if grep -q '__[A-Z_]*__' "$net_dir/.$conf_name.tmp"; then
  left="$(grep -o '__[A-Z_]*__' "$net_dir/.$conf_name.tmp" | sort -u | tr '\n' ' ')"
  rm -f "$net_dir/.$conf_name.tmp"
  fail "the template has placeholders this script does not fill: $left"
fi
mv -f "$net_dir/.$conf_name.tmp" "$net_dir/$conf_name"
echo "install-cni: wrote $net_dir/$conf_name"

# As an init container it is done; `--sleep` keeps it running as a side-car instead.
if [ "${1:-}" = "--sleep" ]; then exec sleep infinity; fi
