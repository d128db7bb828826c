import { Argument, type Command } from 'commander';

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script for every command and option')
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .addHelpText('after', '\nInstall: neurograph completion bash >> ~/.bashrc   or   neurograph completion zsh >> ~/.zshrc')
    .action((shell: 'bash' | 'zsh') => {
      process.stdout.write(completionScript(program, shell));
    });
}

/**
 * A static script generated from the command tree itself, so it never falls behind: the words
 * typed so far walk the tree, and the node reached offers its subcommands and options.
 */
export function completionScript(program: Command, shell: 'bash' | 'zsh'): string {
  const nodes: { path: string; words: string[] }[] = [];
  const transitions: string[] = [];
  const visit = (command: Command, path: string) => {
    const subcommands = command.commands.filter((sub) => sub.name() !== 'help');
    const options = command.options.flatMap((option) => [option.long, option.short]).filter((flag): flag is string => Boolean(flag));
    nodes.push({ path, words: [...subcommands.map((sub) => sub.name()), ...options, '--help'] });
    for (const sub of subcommands) {
      transitions.push(`      ${path}/${sub.name()}) node="${path}/${sub.name()}" ;;`);
      visit(sub, `${path}/${sub.name()}`);
    }
  };
  visit(program, program.name());
  const name = program.name();
  return `# ${name} completion for ${shell}: source it, or append it to your shell's rc file
${shell === 'zsh' ? 'autoload -U +X bashcompinit && bashcompinit\n' : ''}_${name}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" node="${name}" word
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$node/$word" in
${transitions.join('\n')}
    esac
  done
  case "$node" in
${nodes.map(({ path, words }) => `    ${path}) COMPREPLY=($(compgen -W "${words.join(' ')}" -- "$cur")) ;;`).join('\n')}
  esac
}
complete -o default -F _${name} ${name}
`;
}
