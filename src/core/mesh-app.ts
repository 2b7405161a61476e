import { App, AppProps } from 'cdk8s';
import { synthesizeApp, synthesizeAppYaml } from './synthesis';
import type { MeshAnalysisOptions } from '../analysis/pack';

/** Options for the validated synthesis of `MeshApp` and `MeshApp.synthesize`. */
export interface MeshSynthesisOptions {
  /**
   * Options of the rule pack and the validation engine run on the rendered objects: suppressions (each with a
   * reason), `failOnWarnings`, `schemaValidation`, the cluster domain and root namespace.
   *
   * @default - every rule and the validation engine; error findings fail synthesis, warnings do not
   */
  readonly analysis?: MeshAnalysisOptions;

  /**
   * Report progress (objects rendered, checked, written) on stderr.
   *
   * @default - on when stderr is a terminal and the `CI` environment variable is unset
   */
  readonly progress?: boolean;
}

/** Properties for `MeshApp`: cdk8s's `AppProps` and the checks of the validated synthesis. */
export interface MeshAppProps extends AppProps, MeshSynthesisOptions {}

/**
 * A cdk8s `App` whose `synth()` never writes an object the API server would reject or prune, or one the rule pack
 * finds an error in, and costs less than `App.synth()` without any checks.
 *
 * `synth()` renders every API object once (one `toJson()` each), runs the validation engine and the rule pack on
 * that rendering (as `MeshAnalyzer.addToScope` does, which needs no adding here), fails with every error finding
 * before any file is written, and writes the files `App.synth()` writes: the same names, the same bytes, for every
 * `yamlOutputType`, and `construct-metadata.json` when `recordConstructMetadata` is set.
 *
 * Construct validations (`node.addValidation`) run first and fail with `App.synth()`'s message. A
 * `MeshAnalyzer.addToScope` or `ManifestValidator.addToScope` left on the app is one of them, and renders every
 * object a second time: drop it when moving to `MeshApp`.
 */
export class MeshApp extends App {
  /**
   * Synthesizes any cdk8s `App` through the validated pipeline of `MeshApp`: use it instead of `app.synth()`.
   */
  public static synthesize(app: App, options: MeshSynthesisOptions = {}): void {
    synthesizeApp(app, options);
  }

  /**
   * What `app.synthYaml()` returns (every object of every chart, as one YAML string), rendered once and checked
   * as `MeshApp.synthesize` checks it.
   */
  public static synthesizeYaml(app: App, options: MeshSynthesisOptions = {}): string {
    return synthesizeAppYaml(app, options);
  }

  private readonly synthesisOptions: MeshSynthesisOptions;

  constructor(props: MeshAppProps = {}) {
    super(props);
    this.synthesisOptions = { analysis: props.analysis, progress: props.progress };
  }

  /** Checks every object, then writes the manifests to `outdir` as `App.synth()` does. */
  public synth(): void {
    synthesizeApp(this, this.synthesisOptions);
  }

  /** Checks every object, then returns them as one YAML string, as `App.synthYaml()` does. */
  public synthYaml(): string {
    return synthesizeAppYaml(this, this.synthesisOptions);
  }
}
