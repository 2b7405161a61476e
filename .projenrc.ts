import { cdk8s, DependencyType, javascript, JsonFile } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

/**
 * The one source of project configuration. Edit this file, then run `npx projen`.
 */
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-mesh',
  description: 'Typed cdk8s constructs for Istio and Linkerd service-mesh configuration, correct by construction and validated like an API server would.',
  author: 'cdk8s-mesh maintainers',
  authorAddress: 'maintainers@cdk8s-mesh.dev',
  repositoryUrl: 'https://github.com/cdk8s-mesh/cdk8s-mesh.git',
  keywords: ['cdk8s', 'istio', 'linkerd', 'service-mesh', 'gateway-api', 'kubernetes'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // @marcbachmann/cel-js ships ES modules only, which require() loads from Node 20.19 on.
  minNodeVersion: '20.19.0',
  jsiiVersion: '~5.9.0',

  // cdk8s 2.x and constructs 10.x as peer dependencies (the floor is what we test with).
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.4.2',

  // Runtime dependencies must be bundled into a jsii package.
  bundledDeps: ['@marcbachmann/cel-js', 're2js', 'yaml'],
  devDeps: ['cdk8s-cli@^2.207.0', 'fast-check@^4', 'js-yaml@^5', 'ts-node'],

  // The `cdk8s-mesh` command line (analyze, explain route|authz, matrix, mtls).
  bin: { 'cdk8s-mesh': 'lib/cli/main.js' },

  // jsii targets: only the JS package is built on this machine, but every target is configured.
  publishToPypi: {
    distName: 'cdk8s-mesh',
    module: 'cdk8s_mesh',
  },
  publishToMaven: {
    javaPackage: 'dev.cdk8smesh',
    mavenGroupId: 'dev.cdk8s-mesh',
    mavenArtifactId: 'cdk8s-mesh',
  },
  publishToNuget: {
    dotNetNamespace: 'Cdk8sMesh',
    packageId: 'Cdk8sMesh',
  },
  publishToGo: {
    moduleName: 'github.com/cdk8s-mesh/cdk8s-mesh-go',
    packageName: 'cdk8smesh',
  },

  // CI is `.ci/run`, not GitHub workflows.
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  jestOptions: {
    // CI must fail on snapshot drift: never update snapshots implicitly (`npx projen test:update` does it on purpose).
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 120_000,
      // Jest's default on 2 cores is one worker (cores - 1); two keep CI under 15 minutes.
      maxWorkers: 2,
      // Every snapshot goes through the validation engine (test/support/validate-snapshots.ts).
      setupFilesAfterEnv: ['<rootDir>/test/support/validate-snapshots.ts'],
      coveragePathIgnorePatterns: ['/node_modules/', '/src/imports/'],
      modulePathIgnorePatterns: ['<rootDir>/examples/.*/dist/'],
      // @marcbachmann/cel-js ships only ES modules; Node >= 20.19 require()s them, Jest's runtime cannot,
      // so Jest transpiles that one package to CommonJS.
      transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js/)'],
      transform: {
        '/node_modules/@marcbachmann/cel-js/.+\\.js$': new javascript.Transform('ts-jest', {
          tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true },
        }),
      },
    },
  },
  eslintOptions: {
    dirs: ['src'],
    ignorePatterns: ['src/imports/**', 'examples/**/dist/**', '*.js', '*.d.ts', 'node_modules/'],
  },
  gitignore: ['examples/*/dist/', '/.bench/'],
});

// The registry reachable here has no `ts5.9` dist-tag for @types/node: pin the Node major instead.
project.deps.removeDependency('@types/node');
project.deps.addDependency('@types/node@^20', DependencyType.BUILD);

// jsii prints a Node 20 end-of-life banner on every run.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// Scripts, benchmarks and examples run with ts-node against the sources in src/.
new JsonFile(project, 'tsconfig.scripts.json', {
  obj: {
    extends: './tsconfig.json',
    compilerOptions: { rootDir: '.', noEmit: true },
    include: ['src/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts'],
  },
});

for (const dir of ['/examples/', '/scripts/', '/bench/', '/.ci/', '/tsconfig.scripts.json']) {
  project.addPackageIgnore(dir);
}

// --- Strict props ---------------------------------------------------------------------------
// After jsii, regenerate src/private/prop-shapes.generated.ts (the shape of every props interface, read from
// the assembly) that the runtime checks of untyped callers use; if it changed, compile once more.
project.compileTask.exec('ts-node --project tsconfig.scripts.json scripts/prop-shapes.ts', { env: { TS_NODE_TRANSPILE_ONLY: 'true' } });
// Then make the compiled barrel lib/index.js load each module when one of its names is first read (as aws-cdk-lib's
// lazify does), so `require('cdk8s-mesh')` costs about a bare `node -e 0` and an app pays only for what it uses.
project.compileTask.exec('ts-node --project tsconfig.scripts.json scripts/lazify.ts', { env: { TS_NODE_TRANSPILE_ONLY: 'true' } });

// --- Bindings (L1) -----------------------------------------------------------------------
project.addTask('import', {
  description: 'Regenerate src/imports/ (bindings and validation schemas) from ../shared/crds with cdk8s-cli',
  exec: 'ts-node --project tsconfig.scripts.json scripts/import.ts',
});

// --- Examples (the main job) -------------------------------------------------------------
const synthExamples = project.addTask('synth-examples', {
  description: 'Synthesize every app under examples/ with `cdk8s synth` (each into its own dist/)',
});
// The payments example runs the compiled cdk8s-cli validation plugin (lib/plugin) during `cdk8s synth`.
synthExamples.spawn(project.compileTask);
synthExamples.exec('ts-node --project tsconfig.scripts.json scripts/synth-examples.ts');

// --- Benchmarks ----------------------------------------------------------------------------
project.addTask('bench', {
  description: 'Benchmark whole processes against a js-yaml floor at N = 1,000 and 5,000 services (compile first); prints ratios, peak RSS, growth',
  exec: 'node -r ts-node/register bench/synth.bench.ts',
  env: { TS_NODE_PROJECT: 'tsconfig.scripts.json', TS_NODE_TRANSPILE_ONLY: 'true' },
});

// --- Packaging ---------------------------------------------------------------------------
// `build` packages JavaScript only: the Python, Java, .NET and Go toolchains are not on every machine
// (they are not here). `npx projen package-all` builds every jsii target where they are.
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);

// --- CI ------------------------------------------------------------------------------------
// `.ci/run` and the README's test command run this: jsii compile (the public API must stay
// jsii-compatible), API.md regenerated and unchanged, then the tests (which fail on snapshot drift
// and on stale bindings) and eslint.
const ci = project.addTask('ci', {
  description: 'What CI runs: jsii compile, API.md drift check, tests (snapshot and binding drift fail), eslint',
});
ci.spawn(project.compileTask);
ci.spawn(project.tasks.tryFind('docgen')!);
ci.exec('git diff --exit-code -- API.md', { name: 'API.md is committed and current' });
ci.spawn(project.testTask);

project.synth();
