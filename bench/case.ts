import { runCase } from './cases';

// Runs one case in this process and prints its result as JSON for the runner.
runCase(process.argv[2] ?? '')
  .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
