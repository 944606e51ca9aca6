#!/usr/bin/env bash
# The logic of the chanfix GitHub Action (action.yml), kept here so that it
# can be run and tested outside GitHub. Two commands:
#
#   action.sh install   put chanfix on PATH: the release binary for this
#                       runner (CHANFIX_VERSION, a tag such as v0.1.0), or,
#                       when there is no such release, `cargo install --locked`
#                       from the action's own repository and ref.
#   action.sh run       run `chanfix check` with the requested format; on a
#                       pull request, only on the lines it adds or changes.
#
# Inputs come from the environment (action.yml maps its inputs onto them):
#   CHANFIX_VERSION   release tag to install ('' : the action's ref if it is a tag)
#   CHANFIX_FORMAT    sarif | github | text            (default: github)
#   CHANFIX_PATHS     paths to check                   (default: ./...)
#   CHANFIX_ARGS      more arguments for chanfix check (split on blanks)
#   CHANFIX_NEW_CODE  auto | always | never: only new code (default: auto = on pull requests)
#   CHANFIX_SARIF     where to write SARIF             (default: chanfix.sarif)
#   CHANFIX_FAIL      true | false: fail the step on findings (default: true)
# and GitHub's own: GITHUB_EVENT_NAME, GITHUB_BASE_REF, GITHUB_OUTPUT,
# GITHUB_ACTION_REPOSITORY, GITHUB_ACTION_REF, RUNNER_OS, RUNNER_ARCH,
# RUNNER_TEMP.
set -euo pipefail

say() { printf 'chanfix-action: %s\n' "$*" >&2; }

# The Rust target triple of the release binary for this runner.
target_triple() {
	local arch
	case "${RUNNER_ARCH:-X64}" in
	X64) arch=x86_64 ;;
	ARM64) arch=aarch64 ;;
	*) say "no release binary for architecture ${RUNNER_ARCH}"; return 1 ;;
	esac
	case "${RUNNER_OS:-Linux}" in
	Linux) echo "$arch-unknown-linux-gnu" ;;
	macOS) echo "$arch-apple-darwin" ;;
	Windows) echo "$arch-pc-windows-msvc" ;;
	*) say "no release binary for ${RUNNER_OS}"; return 1 ;;
	esac
}

# The release tag to download, or nothing.
release_tag() {
	if [ -n "${CHANFIX_VERSION:-}" ]; then
		echo "$CHANFIX_VERSION"
	elif [[ "${GITHUB_ACTION_REF:-}" =~ ^v[0-9] ]]; then
		echo "$GITHUB_ACTION_REF"
	fi
}

download_release() {
	local tag=$1 triple dir url archive
	triple=$(target_triple) || return 1
	dir="${RUNNER_TEMP:-/tmp}/chanfix-bin"
	mkdir -p "$dir"
	if [ "${RUNNER_OS:-Linux}" = Windows ]; then archive="chanfix-$triple.zip"; else archive="chanfix-$triple.tar.gz"; fi
	url="https://github.com/${GITHUB_ACTION_REPOSITORY}/releases/download/$tag/$archive"
	say "downloading $url"
	curl -fsSL --retry 3 -o "$dir/$archive" "$url" || return 1
	case "$archive" in
	*.zip) unzip -oq "$dir/$archive" -d "$dir" ;;
	*) tar -xzf "$dir/$archive" -C "$dir" ;;
	esac
	add_to_path "$dir"
}

add_to_path() {
	if [ -n "${GITHUB_PATH:-}" ]; then echo "$1" >>"$GITHUB_PATH"; fi
	export PATH="$1:$PATH"
}

cargo_install() {
	local repo="https://github.com/${GITHUB_ACTION_REPOSITORY}"
	say "building chanfix from $repo with cargo (needs Rust and a C compiler)"
	if [ -n "${GITHUB_ACTION_REF:-}" ]; then
		cargo install --locked --git "$repo" --rev "$GITHUB_ACTION_REF" chanfix
	else
		cargo install --locked --git "$repo" chanfix
	fi
	add_to_path "${CARGO_HOME:-$HOME/.cargo}/bin"
}

install() {
	local tag
	tag=$(release_tag)
	if [ -n "$tag" ] && download_release "$tag"; then
		:
	else
		[ -n "$tag" ] && say "no release $tag for this runner; falling back to cargo install"
		cargo_install
	fi
	chanfix --version >&2
}

# Whether to look at new code only.
only_new_code() {
	case "${CHANFIX_NEW_CODE:-auto}" in
	always) return 0 ;;
	never) return 1 ;;
	auto) [ "${GITHUB_EVENT_NAME:-}" = pull_request ] || [ "${GITHUB_EVENT_NAME:-}" = pull_request_target ] ;;
	*) say "CHANFIX_NEW_CODE must be auto, always or never"; exit 2 ;;
	esac
}

# The base of the pull request, fetched if the checkout lacks it.
base_ref() {
	local base="origin/${GITHUB_BASE_REF:?only-new-code needs GITHUB_BASE_REF (a pull request)}"
	if ! git rev-parse --verify -q "$base^{commit}" >/dev/null; then
		say "fetching $base"
		git fetch --no-tags --quiet origin "+refs/heads/$GITHUB_BASE_REF:refs/remotes/$base" >&2
		# A shallow checkout may not reach the merge base yet.
		if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
			git fetch --no-tags --quiet --unshallow origin >&2 || true
		fi
	fi
	echo "$base"
}

run() {
	local format="${CHANFIX_FORMAT:-github}" args=() code=0
	args=(check --format "$format")
	if only_new_code; then
		args+=(--new-from-merge-base "$(base_ref)")
	fi
	# shellcheck disable=SC2206 # splitting on blanks is the documented behaviour
	args+=(${CHANFIX_ARGS:-})
	# shellcheck disable=SC2206
	args+=(${CHANFIX_PATHS:-./...})
	say "chanfix ${args[*]}"
	if [ "$format" = sarif ]; then
		local sarif="${CHANFIX_SARIF:-chanfix.sarif}"
		chanfix "${args[@]}" >"$sarif" || code=$?
		if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"; fi
	else
		chanfix "${args[@]}" || code=$?
	fi
	if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "exit-code=$code" >>"$GITHUB_OUTPUT"; fi
	if [ "$code" = 1 ] && [ "${CHANFIX_FAIL:-true}" = false ]; then
		code=0
	fi
	return "$code"
}

case "${1:-}" in
install) install ;;
run) run ;;
target) target_triple ;;
*)
	echo "usage: $0 install|run|target" >&2
	exit 2
	;;
esac
