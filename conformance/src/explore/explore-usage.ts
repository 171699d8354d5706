// explore's usage line, on its own so the main --help (cli/parse-args.ts) can show it without
// importing explore's parser, which itself uses the main tokenizer.

export const EXPLORE_USAGE =
  'explore targets.yaml [--seed N] [--budget 60s] [--out DIR] [--timeout MS] [--requests N] [--in-flight N] [--max-findings N] [--shrink-tests N] [--only CLASS] [--cases PATH] [--area AREA]';
