# bash completion for afalg-audit(1)                       -*- shell-script -*-
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Installed as ${datadir}/bash-completion/completions/afalg-audit, where
# bash-completion loads it on the first <TAB> after "afalg-audit".  Works
# without bash-completion too (plain "source" it): then --opt=VALUE is not
# split and file names are completed with compgen.
#
# The option lists below mirror each command's --help; tests/install checks
# that they stay in sync (every long option in --help is completed here).

# Options of each command, and which of them take a value (completed below).
_afalg_audit_opts_scan='-o --output -f --format -j --jobs --shard --links-out --links-from
	--root --dpkg-admindir --rpm-dbpath --debug-dir --no-host-libs --max-member
	--max-expansion --max-entries -q --quiet -h --help'
_afalg_audit_opts_survey='-c --component -a --arch --keyring --package --packages-from --state
	--keep-debs --retries --max-deb --max-member --shard --links-out --links-from -j --jobs -o --output -q --quiet
	-h --help'
_afalg_audit_opts_trace='-p --pid -d --duration -o --output -s --state --state-interval
	--max-keys --data-path --journal --metrics --listen -q --quiet -v --verbose -h --help'
_afalg_audit_opts_report='-f --format -o --output --allowlist --data-dir --no-kernel
	--summary -h --help'
_afalg_audit_opts_check='-f --format -o --output --baseline --allowlist --data-dir
	--allow-errors --no-host-libs --overrides --fail-on -q --quiet -h --help'
_afalg_audit_opts_audit='-o --output -t --trace --scan --allowlist --data-dir -q --quiet
	-h --help'
_afalg_audit_opts_simulate='-m --measure --allowlist --data-dir -f --format -o --output --timeout
	--keep-output -h --help'
_afalg_audit_opts_policy='-o --output --emit --block --force --allowlist --data-dir
	--no-kernel -h --help'
_afalg_audit_commands='scan survey trace report check audit simulate policy'

# Complete file names (directories only with $1 = -d).
_afalg_audit_files()
{
	if declare -F _filedir >/dev/null; then
		_filedir "$@"
	elif [[ $1 == -d ]]; then
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
	else
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	fi
}

_afalg_audit_words()
{
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur")
}

_afalg_audit()
{
	local cur prev words cword split=false
	if declare -F _init_completion >/dev/null; then
		_init_completion -s || return
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
	fi
	COMPREPLY=()

	# The command is the first word that is not an option; "--" inside
	# 'trace' and 'simulate' hands the rest of the line to the command it runs.
	local i cmd=''
	for ((i = 1; i < cword; i++)); do
		if [[ -z $cmd && ${words[i]} != -* ]]; then
			cmd=${words[i]}
		elif [[ ($cmd == trace || $cmd == simulate) && ${words[i]} == -- ]]; then
			if declare -F _command_offset >/dev/null; then
				_command_offset $((i + 1))
			else
				mapfile -t COMPREPLY < <(compgen -c -- "$cur")
			fi
			return
		fi
	done

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			_afalg_audit_words '--help --version'
		else
			_afalg_audit_words "$_afalg_audit_commands"
		fi
		return
	fi

	# The value of an option (after a space, or after '=' when split).
	case $cmd:$prev in
	audit:-o | audit:--output | policy:-o | policy:--output | *:--data-dir | scan:--root | scan:--dpkg-admindir | \
		scan:--rpm-dbpath | scan:--debug-dir | survey:--state)
		_afalg_audit_files -d
		return
		;;
	*:-o | *:--output | trace:-s | trace:--state | trace:--metrics | check:--baseline | check:--overrides | \
		*:--allowlist | \
		audit:--scan | scan:--links-out | scan:--links-from | survey:--keyring | survey:--packages-from | survey:--links-out | \
		survey:--links-from)
		_afalg_audit_files
		return
		;;
	scan:-f | scan:--format)
		_afalg_audit_words 'json text'
		return
		;;
	report:-f | report:--format)
		_afalg_audit_words 'text json markdown html sarif contacts'
		return
		;;
	check:-f | check:--format)
		_afalg_audit_words 'text json sarif'
		return
		;;
	check:--fail-on)
		_afalg_audit_words 'any hard new-user new-type new-algorithm new-break allowlist measured-break'
		return
		;;
	simulate:-m | simulate:--measure)
		_afalg_audit_words 'M0 M0:hash M0:skcipher M0:aead M0:rng M1 M2 M3 M4 M5 M6'
		return
		;;
	simulate:-f | simulate:--format)
		_afalg_audit_words 'text json'
		return
		;;
	policy:--emit)
		_afalg_audit_words 'modprobe kconfig sysctl allowlist'
		return
		;;
	policy:--block)
		_afalg_audit_words 'hash skcipher aead rng'
		return
		;;
	trace:--data-path)
		_afalg_audit_words 'auto kprobe fentry lsm'
		return
		;;
	trace:-p | trace:--pid)
		if declare -F _pids >/dev/null; then
			_pids
		else
			mapfile -t COMPREPLY < <(compgen -W "$(cd /proc && echo [0-9]*)" -- "$cur")
		fi
		return
		;;
	scan:-j | scan:--jobs | scan:--shard | scan:--max-member | scan:--max-expansion | \
		scan:--max-entries | \
		trace:-d | trace:--duration | trace:--state-interval | trace:--max-keys | \
		audit:-t | audit:--trace | simulate:--timeout | trace:--listen | \
		survey:-c | survey:--component | survey:-a | survey:--arch | survey:--package | \
		survey:--retries | survey:--max-deb | survey:-j | survey:--jobs | survey:--shard | \
		survey:--max-member)
		return # a number or a duration: nothing to offer
		;;
	esac
	$split && return

	local opts_var=_afalg_audit_opts_$cmd
	if [[ ! -v $opts_var ]]; then
		return # unknown command: nothing sensible to offer
	fi
	if [[ $cur == -* ]]; then
		_afalg_audit_words "${!opts_var}"
		return
	fi
	# Operands: scan, report, check and policy read files and directories; trace
	# takes none before "--", audit none at all.
	case $cmd in
	scan | report | check | policy) _afalg_audit_files ;;
	survey) _afalg_audit_files -d ;; # a mirror directory (or a URL), then a suite
	esac
}
complete -F _afalg_audit afalg-audit
