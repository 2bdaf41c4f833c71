// One source file's migration: every place that reads @azure/identity (imports, type imports, namespace and
// default imports, re-exports, require, import types) found on ts-morph's syntax tree, planned together
// (cli-migrate-plan.ts), and rewritten as small text edits, so that everything else in the file (comments,
// formatting, line endings) stays byte for byte. What cannot be rewritten is left as it was and reported.
import type {
  CallExpression,
  ExportDeclaration,
  Identifier,
  ImportDeclaration,
  ImportEqualsDeclaration,
  Node as MorphNode,
  NoSubstitutionTemplateLiteral,
  Project,
  SourceFile,
  StringLiteral,
  ts,
  VariableDeclaration,
} from 'ts-morph';
import type { MigrateEngine } from './cli-migrate-engine.js';
import type { ExportTable } from './cli-migrate-exports.js';
import type { PlanSite, SitePlan } from './cli-migrate-plan.js';
import { planFile } from './cli-migrate-plan.js';
import { renamedModule } from './cli-migrate-renamed-modules.js';
import type { ListEntry, StatementLayout } from './cli-migrate-statements.js';
import { moduleStatement, requireStatement } from './cli-migrate-statements.js';
import type { MigrationGap } from './cli-migrate-unsupported.js';
import { gapOf, PEER_MODULE, PEER_PLUGIN_PACKAGES } from './cli-migrate-unsupported.js';

/**
 * Something in a file that `identity migrate` left for a person to do.
 *
 * @example
 * ```ts
 * const finding: SourceFinding = { line: 3, subject: 'useIdentityPlugin', reason: '...', step: '...' };
 * ```
 */
export interface SourceFinding extends MigrationGap {
  line: number;
  /** What it is about: a name, or the statement's form. */
  subject: string;
}

/**
 * The result of migrating one file.
 *
 * @example
 * ```ts
 * const { text, packages, findings } = migrateSource(engine, project, 'app.ts', source, table);
 * ```
 */
export interface SourceMigration {
  /** The new text (the same as the input when nothing changed). */
  text: string;
  /** The `@identity/*` packages the new text imports from. */
  packages: string[];
  findings: SourceFinding[];
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

// What one site does once planned: its edits and its findings.
interface Site {
  plans: PlanSite[];
  apply(plans: SitePlan[]): void;
}

interface NamespaceUse {
  member: string;
  /** Used as a type only (`ns.X` in a type position). */
  typeOnly: boolean;
  start: number;
  end: number;
}

const isPeer = (specifier: string) => specifier === PEER_MODULE;
// A file inside a package (`@azure/identity/dist/...`), or the package itself.
const namesModule = (specifier: string, module: string) =>
  specifier === module || specifier.startsWith(`${module}/`);
const plugins = (specifier: string) =>
  Object.hasOwn(PEER_PLUGIN_PACKAGES, specifier) ? PEER_PLUGIN_PACKAGES[specifier] : undefined;

/**
 * A ts-morph project for {@link migrateSource}: in memory, no lib files, no module resolution (only each file's
 * own syntax and scopes are needed).
 *
 * @example
 * ```ts
 * const project = migrateProject(await loadEngine());
 * ```
 */
export function migrateProject(engine: MigrateEngine): Project {
  return new engine.Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    skipFileDependencyResolution: true,
    compilerOptions: {
      allowJs: true,
      noLib: true,
      noResolve: true,
      types: [],
      jsx: engine.ts.JsxEmit.Preserve,
    },
  });
}

/**
 * Migrates one file's `@azure/identity` imports to the `@identity/*` packages that export the same names.
 * `fileName` decides the syntax (its extension: `.ts`, `.tsx`, `.mts`, `.cts`, `.js`, `.jsx`, `.mjs`, `.cjs`).
 *
 * @example
 * ```ts
 * const result = migrateSource(engine, project, 'app.ts', "import { DefaultAzureCredential } from '@azure/identity';", table);
 * result.text; // "import { DefaultAzureCredential } from '@identity/default';"
 * ```
 */
export function migrateSource(
  engine: MigrateEngine,
  project: Project,
  fileName: string,
  text: string,
  table: ExportTable,
): SourceMigration {
  // TypeScript parses a file without its byte order mark (positions would be one character off): the mark is kept
  // aside and put back.
  if (text.startsWith(BYTE_ORDER_MARK)) {
    const result = migrateSource(engine, project, fileName, text.slice(1), table);
    return { ...result, text: BYTE_ORDER_MARK + result.text };
  }
  return withSourceFile(project, fileName, text, (file) => {
    // A file that does not parse is left alone: rewriting around a syntax error could make it worse.
    const [syntaxError] = project.getProgram().getSyntacticDiagnostics(file);
    if (syntaxError) {
      const message = engine.ts.flattenDiagnosticMessageText(syntaxError.compilerObject.messageText, ' ');
      return {
        text,
        packages: [],
        findings: [
          {
            line: syntaxError.getLineNumber() ?? 1,
            subject: 'syntax error',
            reason: `the file does not parse (${message}), so it was left as it is`,
            step: 'fix the syntax error, then run identity migrate again',
          },
        ],
      };
    }
    return new FileMigration(engine, file, text, table).run();
  });
}

const BYTE_ORDER_MARK = '\uFEFF';

// Every string literal of a file that names `@azure/identity` or a module of its family, those in JSDoc types
// (`@type {import('@azure/identity').X}`) included. Only these are wrapped as ts-morph nodes.
function stringLiterals(engine: MigrateEngine, file: SourceFile): Set<StringLiteral> {
  return new Set(
    compilerDescendants(engine, file, engine.SyntaxKind.StringLiteral, true, (node) =>
      (node as unknown as { text: string }).text.includes(PEER_MODULE),
    ) as StringLiteral[],
  );
}

// The descendants of `kind` of a file that `accept`, found on the compiler's tree and only then wrapped as ts-morph
// nodes: wrapping every node of a file (getDescendantsOfKind) takes seconds and gigabytes on a 5 MB file.
function compilerDescendants(
  engine: MigrateEngine,
  file: SourceFile,
  kind: number,
  withDocs: boolean,
  accept: (node: ts.Node) => boolean,
): MorphNode[] {
  return compilerNodes(engine, file, kind, withDocs, accept).map((node) => wrap(file, node));
}

// The compiler's nodes of `kind` in a file (those in its JSDoc too, `withDocs`) that `accept`.
function compilerNodes(
  engine: MigrateEngine,
  file: SourceFile,
  kind: number,
  withDocs: boolean,
  accept: (node: ts.Node) => boolean,
): ts.Node[] {
  const found: ts.Node[] = [];
  // Without recursion, in the order of the text: a long chain (`a + b + ...`) nests as deep as it is long.
  const stack: ts.Node[] = [file.compilerNode];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (node.kind === kind && accept(node)) found.push(node);
    const children: ts.Node[] = withDocs ? [...((node as { jsDoc?: ts.Node[] }).jsDoc ?? [])] : [];
    engine.ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index] as ts.Node);
  }
  return found;
}

// ts-morph's node for a compiler node of `file` (the one its own walks return, so nodes compare with ===).
function wrap(file: SourceFile, node: ts.Node): MorphNode {
  const factory = file as unknown as {
    _getNodeFromCompilerNode(node: ts.Node): MorphNode;
  };
  return factory._getNodeFromCompilerNode(node);
}

/**
 * Whether a file's code (not its comments) names `@azure/identity` (or another `module`): an import, a require, a
 * mock, any string.
 *
 * @example
 * ```ts
 * importsPeer(engine, project, 'app.ts', "// was '@azure/identity'"); // false
 * importsPeer(engine, project, 'app.ts', "import '@azure/identity-cache-persistence';", '@azure/identity-cache-persistence'); // true
 * ```
 */
export function importsPeer(
  engine: MigrateEngine,
  project: Project,
  fileName: string,
  text: string,
  module: string = PEER_MODULE,
): boolean {
  if (!text.includes(module)) return false;
  return withSourceFile(project, fileName, text, (file) => {
    const templates = compilerDescendants(
      engine,
      file,
      engine.SyntaxKind.NoSubstitutionTemplateLiteral,
      false,
      () => true,
    ) as NoSubstitutionTemplateLiteral[];
    return [...stringLiterals(engine, file), ...templates].some((literal) =>
      namesModule(literal.getLiteralValue(), module),
    );
  });
}

// Parses `text` as a file of `fileName`'s kind (its extension decides: .ts, .tsx, .cjs, ...) for `use`.
function withSourceFile<T>(
  project: Project,
  fileName: string,
  text: string,
  use: (file: SourceFile) => T,
): T {
  const file = project.createSourceFile(`/migrate/${fileName.replace(/^.*[\\/]/, '')}`, text, {
    overwrite: true,
  });
  try {
    return use(file);
  } finally {
    project.removeSourceFile(file);
  }
}

class FileMigration {
  private readonly edits: Edit[] = [];
  // Where in the original text each finding is; turned into lines of the new text at the end.
  private readonly findings: (MigrationGap & { position: number; subject: string })[] = [];
  private readonly packages = new Set<string>();
  private readonly sites: Site[] = [];
  private readonly eol: string;
  // A JavaScript file (.js .jsx .mjs .cjs): no TypeScript syntax may be written into it.
  private readonly javaScript: boolean;
  // Names a new import must not take: every identifier of the file but property names (conservative: a name
  // used in any scope counts).
  private readonly taken: Set<string>;

  constructor(
    private readonly engine: MigrateEngine,
    private readonly file: SourceFile,
    private readonly text: string,
    private readonly table: ExportTable,
  ) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.javaScript = ['.js', '.jsx', '.mjs', '.cjs'].includes(file.getExtension());
    const { SyntaxKind } = engine;
    // Not names that bind nothing: members (`x.Name`, `X.Name`) and property keys of objects, types and classes.
    const keyKinds = new Set([
      SyntaxKind.PropertyAccessExpression,
      SyntaxKind.PropertyAssignment,
      SyntaxKind.PropertySignature,
      SyntaxKind.PropertyDeclaration,
      SyntaxKind.MethodDeclaration,
      SyntaxKind.MethodSignature,
      SyntaxKind.GetAccessor,
      SyntaxKind.SetAccessor,
      SyntaxKind.EnumMember,
    ]);
    // On the compiler's nodes: wrapping every identifier of a large file as a ts-morph node is slow.
    const isMemberName = (id: ts.Node) => {
      const parent = id.parent as ts.Node & { name?: unknown; right?: unknown };
      if (parent.kind === SyntaxKind.QualifiedName) return parent.right === id;
      return keyKinds.has(parent.kind) && parent.name === id;
    };
    this.taken = new Set(
      compilerNodes(engine, file, SyntaxKind.Identifier, true, (id) => !isMemberName(id)).map((id) =>
        id.getText(file.compilerNode),
      ),
    );
  }

  run(): SourceMigration {
    const { SyntaxKind } = this.engine;
    for (const literal of stringLiterals(this.engine, this.file)) {
      const specifier = literal.getLiteralValue();
      const plugin = plugins(specifier);
      const renamed = renamedModule(specifier);
      if (plugin) this.report(literal, specifier, plugin);
      else if (renamed) this.rename(literal, specifier, renamed);
      else if (isPeer(specifier)) this.classify(literal);
      else if (namesModule(specifier, PEER_MODULE)) this.reportDeepImport(literal, specifier);
    }
    const templates = compilerDescendants(
      this.engine,
      this.file,
      SyntaxKind.NoSubstitutionTemplateLiteral,
      false,
      (node) => (node as unknown as { text: string }).text.includes(PEER_MODULE),
    ) as NoSubstitutionTemplateLiteral[];
    for (const template of templates) {
      const specifier = template.getLiteralValue();
      if (isPeer(specifier)) this.reportMention(template);
      else if (namesModule(specifier, PEER_MODULE)) this.reportDeepImport(template, specifier);
    }
    const plans = planFile(
      this.sites.flatMap((site) => site.plans),
      this.table,
    );
    let next = 0;
    for (const site of this.sites) {
      site.apply(plans.slice(next, next + site.plans.length));
      next += site.plans.length;
    }
    const text = applyEdits(this.text, this.edits);
    const findings = this.findings.map(({ position, ...finding }) => {
      const moved = movedPosition(position, this.edits, finding.subject);
      return { line: text.slice(0, moved).split('\n').length, ...finding };
    });
    return { text, packages: [...this.packages].sort(), findings: findings.sort((a, b) => a.line - b.line) };
  }

  // A module that maps whole to an @identity package (cli-migrate-renamed-modules.ts): its name changes, unless the
  // code takes a name from it that the @identity package does not export (then it is left, and reported).
  private rename(literal: StringLiteral, from: string, to: string): void {
    const exported = this.table.packages[to] ?? [];
    const missing = this.namesTaken(literal).filter((name) => !exported.includes(name));
    for (const name of missing) {
      this.report(literal, name, {
        reason: `${from} becomes ${to}, which has no export named ${name}`,
        step: `check the name; ${to} exports ${exported.join(', ') || 'nothing this build knows of'}`,
      });
    }
    if (missing.length === 0) this.replaceSpecifier(literal, to);
  }

  // The names a statement takes from a module by name (named imports and re-exports, a destructuring require, a
  // member of require() or of an import type); none for a whole-module form (namespace, default, side effect).
  private namesTaken(literal: StringLiteral): string[] {
    const { Node } = this.engine;
    const parent = literal.getParent();
    if (Node.isImportDeclaration(parent)) return parent.getNamedImports().map((named) => named.getName());
    if (Node.isExportDeclaration(parent)) return parent.getNamedExports().map((named) => named.getName());
    const importType = parent?.getParent();
    if (Node.isLiteralTypeNode(parent) && Node.isImportTypeNode(importType)) {
      let qualifier = importType.getQualifier();
      while (qualifier && Node.isQualifiedName(qualifier)) qualifier = qualifier.getLeft();
      return qualifier ? [qualifier.getText()] : [];
    }
    if (Node.isCallExpression(parent)) {
      const use = parent.getParent();
      if (Node.isPropertyAccessExpression(use) && use.getExpression() === parent) return [use.getName()];
      if (Node.isVariableDeclaration(use)) return this.destructured(use);
      if (Node.isAwaitExpression(use)) return this.destructured(use.getParent());
    }
    return [];
  }

  // Which form of import the module name belongs to.
  private classify(literal: StringLiteral): void {
    const { Node } = this.engine;
    const parent = literal.getParent();
    if (Node.isImportDeclaration(parent)) this.importDeclaration(parent, literal);
    else if (Node.isExportDeclaration(parent)) this.exportDeclaration(parent, literal);
    else if (Node.isExternalModuleReference(parent)) {
      const declaration = parent.getParent();
      if (Node.isImportEqualsDeclaration(declaration)) this.importEquals(declaration, literal);
      else this.reportMention(literal);
    } else if (Node.isLiteralTypeNode(parent) && Node.isImportTypeNode(parent.getParent())) {
      this.importType(literal);
    } else if (Node.isCallExpression(parent) && parent.getArguments()[0] === literal) {
      this.call(parent, literal);
    } else this.reportMention(literal);
  }

  private call(call: CallExpression, literal: StringLiteral): void {
    const { Node, SyntaxKind } = this.engine;
    const callee = call.getExpression();
    if (callee.getKind() === SyntaxKind.ImportKeyword) {
      this.report(literal, `import('${PEER_MODULE}')`, {
        reason: 'a dynamic import loads the whole module; which names it needs is only known when it runs',
        step: `import the names it uses from their @identity packages instead${this.hint(this.destructured(call.getParentOrThrow().getParent()))}`,
      });
      return;
    }
    if (!Node.isIdentifier(callee) || callee.getText() !== 'require' || call.getArguments().length !== 1) {
      this.reportMention(literal);
      return;
    }
    const parent = call.getParent();
    if (Node.isVariableDeclaration(parent) && parent.getInitializer() === call)
      this.requireDeclaration(parent, literal);
    else if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === call) {
      this.member(literal, parent.getName());
    } else {
      this.report(literal, `require('${PEER_MODULE}')`, {
        reason:
          'the module object itself is used (exported, passed on or spread), so its names are not known here',
        step: 'require the names it uses from their @identity packages instead',
      });
    }
  }

  // `import('@azure/identity').TokenCredential` in a type (or a JSDoc type).
  private importType(literal: StringLiteral): void {
    const { Node } = this.engine;
    const importType = literal.getParentOrThrow().getParentOrThrow();
    if (!Node.isImportTypeNode(importType)) return;
    let qualifier = importType.getQualifier();
    while (qualifier && Node.isQualifiedName(qualifier)) qualifier = qualifier.getLeft();
    if (qualifier) this.member(literal, qualifier.getText());
    else
      this.report(literal, `typeof import('${PEER_MODULE}')`, {
        reason: 'the type of the whole module has no single @identity equivalent',
        step: 'name the types it needs from their @identity packages',
      });
  }

  // One member read straight off the module: `import('@azure/identity').X`, `require('@azure/identity').X`.
  private member(literal: StringLiteral, name: string): void {
    this.sites.push({
      plans: [{ names: [name], together: true }],
      apply: ([plan]) => {
        const pkg = plan?.packages.get(name);
        if (pkg) this.replaceSpecifier(literal, pkg);
        else this.reportName(literal, name);
      },
    });
  }

  private importDeclaration(declaration: ImportDeclaration, literal: StringLiteral): void {
    const clause = declaration.getImportClause();
    if (!clause) {
      this.report(literal, `import '${PEER_MODULE}'`, {
        reason:
          'it imports @azure/identity for its side effects only, and @identity packages need no such import',
        step: 'remove it',
      });
      return;
    }
    const namespace = declaration.getNamespaceImport();
    const byDefault = declaration.getDefaultImport();
    if (namespace && byDefault) {
      this.report(literal, `import ${byDefault.getText()}, * as ${namespace.getText()}`, {
        reason: 'a default and a namespace import of the same module in one statement',
        step: 'keep one of the two bindings, then run identity migrate again',
      });
      return;
    }
    const typeOnly = clause.isTypeOnly();
    const named = declaration.getNamedImports();
    const binding = namespace ?? byDefault;
    const uses = binding ? this.namespaceUses(binding) : [];
    const plans: PlanSite[] = [{ names: named.map((specifier) => specifier.getName()) }];
    if (binding) plans.push({ names: unique(uses.map((use) => use.member)), together: true });

    this.sites.push({
      plans,
      apply: ([namedPlan, namespacePlan]) => {
        const layout = this.layout(declaration, literal, clause.getNamedBindings());
        const groups = new Groups();
        for (const specifier of named) {
          const name = specifier.getName();
          const pkg = namedPlan?.packages.get(name);
          groups.add(pkg ?? PEER_MODULE, this.entry(specifier));
          if (!pkg) this.reportName(specifier, name);
        }
        if (!binding || !namespacePlan) {
          if (groups.size === 1 && !groups.has(PEER_MODULE)) this.replaceSpecifier(literal, groups.first());
          else if (groups.size > 1) this.rewriteImport(declaration, groups, typeOnly, layout);
          return;
        }
        const local = binding.getText();
        const bind = (module: string, asNamespace: boolean) =>
          `import ${typeOnly ? 'type ' : ''}${asNamespace ? `* as ${local}` : local} from ${quoted(layout, module)}${layout.semicolon}`;
        const single = this.namespaceSingle(binding, uses, namespacePlan);
        let kept: string | undefined;
        if (single) {
          // `import * as identity` only needs its module name changed; a default import becomes a namespace one
          // (the peer's CommonJS default export is its module object; ours are ES modules).
          if (namespace && named.length === 0) {
            this.replaceSpecifier(literal, single);
            return;
          }
          kept = bind(single, true);
        } else if (this.usedWhole.has(binding) || uses.length === 0) {
          if (groups.size === 0 || (groups.size === 1 && groups.has(PEER_MODULE))) return;
          kept = bind(PEER_MODULE, Boolean(namespace));
        } else if (this.expand(binding, uses, namespacePlan, groups, !typeOnly, layout.quote)) {
          // Nothing of it maps: the statement stays as it was.
          if (groups.size === 0) return;
          kept = bind(PEER_MODULE, Boolean(namespace));
        }
        this.rewriteImport(declaration, groups, typeOnly, layout, kept);
      },
    });
  }

  private rewriteImport(
    declaration: ImportDeclaration,
    groups: Groups,
    typeOnly: boolean,
    layout: StatementLayout,
    binding?: string,
  ): void {
    const statements = [
      ...(binding ? [binding] : []),
      ...groups.map((pkg, names) => moduleStatement('import', typeOnly, names, pkg, layout)),
    ];
    this.replaceStatement(declaration, statements, layout, groups.packages());
  }

  private exportDeclaration(declaration: ExportDeclaration, literal: StringLiteral): void {
    if (!declaration.hasNamedExports()) {
      const namespace = declaration.getNamespaceExport();
      const form = namespace
        ? `export * as ${namespace.getName()} from '${PEER_MODULE}'`
        : `export * from '${PEER_MODULE}'`;
      this.report(literal, form, {
        reason:
          'it re-exports every name of @azure/identity; which of them your users need is not known here',
        step: "list the names you re-export, each from its @identity package (export { ... } from '@identity/...')",
      });
      return;
    }
    const named = declaration.getNamedExports();
    this.sites.push({
      plans: [{ names: named.map((specifier) => specifier.getName()) }],
      apply: ([plan]) => {
        const layout = this.layout(declaration, literal, declaration.getNamedExports()[0]?.getParent());
        const groups = new Groups();
        for (const specifier of named) {
          const pkg = plan?.packages.get(specifier.getName());
          groups.add(pkg ?? PEER_MODULE, this.entry(specifier));
          if (!pkg) this.reportName(specifier, specifier.getName());
        }
        if (groups.size === 1) {
          if (!groups.has(PEER_MODULE)) this.replaceSpecifier(literal, groups.first());
          return;
        }
        const statements = groups.map((pkg, names) =>
          moduleStatement('export', declaration.isTypeOnly(), names, pkg, layout),
        );
        this.replaceStatement(declaration, statements, layout, groups.packages());
      },
    });
  }

  // `import identity = require('@azure/identity')` (TypeScript's CommonJS import).
  private importEquals(declaration: ImportEqualsDeclaration, literal: StringLiteral): void {
    const binding = declaration.getNameNode();
    this.moduleObject(binding, literal, (plan) => {
      this.report(literal, `import ${binding.getText()} = require('${PEER_MODULE}')`, {
        reason: 'no one @identity package exports every name it uses through this module object',
        step: `import each from its package: ${describePlan(plan)}`,
      });
      for (const name of plan.unmapped) this.reportName(binding, name);
    });
  }

  // A module object bound to a name (`import x = require()`, `const x = require()`): when one package exports every
  // member used through it, only the module name changes; otherwise `split` decides.
  private moduleObject(
    binding: Identifier,
    literal: StringLiteral,
    split: (plan: SitePlan, uses: NamespaceUse[]) => void,
  ): void {
    const uses = this.namespaceUses(binding);
    this.sites.push({
      plans: [{ names: unique(uses.map((use) => use.member)), together: true }],
      apply: ([plan]) => {
        if (!plan) return;
        const single = this.namespaceSingle(binding, uses, plan);
        if (single) this.replaceSpecifier(literal, single);
        else if (uses.length > 0 && !this.usedWhole.has(binding)) split(plan, uses);
      },
    });
  }

  private requireDeclaration(declaration: VariableDeclaration, literal: StringLiteral): void {
    const { Node } = this.engine;
    const name = declaration.getNameNode();
    const statement = declaration.getVariableStatement();
    const alone =
      statement !== undefined &&
      statement.getDeclarations().length === 1 &&
      statement.getModifiers().length === 0;
    if (Node.isIdentifier(name)) {
      this.moduleObject(name, literal, (plan, uses) => {
        if (!alone || !statement) {
          this.report(literal, `require('${PEER_MODULE}')`, {
            reason:
              'no one @identity package exports every name it uses, and it shares its statement with other declarations',
            step: `require each from its package: ${describePlan(plan)}`,
          });
          for (const member of plan.unmapped) this.reportName(name, member);
          return;
        }
        const layout = this.layout(statement, literal, undefined);
        const groups = new Groups();
        const left = this.expand(name, uses, plan, groups, false, layout.quote);
        const keyword = statement.getDeclarationKind();
        const statements = [
          ...(left ? [statement.getText()] : []),
          ...groups.map((pkg, names) => requireStatement(keyword, names, pkg, layout)),
        ];
        this.replaceStatement(statement, statements, layout, groups.packages());
      });
      return;
    }
    const elements = Node.isObjectBindingPattern(name) ? name.getElements() : [];
    const simple =
      elements.length > 0 &&
      elements.every(
        (element) =>
          !element.getDotDotDotToken() &&
          !element.getInitializer() &&
          Node.isIdentifier(element.getNameNode()) &&
          (element.getPropertyNameNode() === undefined || Node.isIdentifier(element.getPropertyNameNode())),
      );
    if (!simple) {
      this.report(literal, `require('${PEER_MODULE}')`, {
        reason:
          'its destructuring has a shape identity migrate does not rewrite (a rest element, a default value, a nested or computed name)',
        step: `require each name from its package${this.hint(this.destructured(declaration))}`,
      });
      return;
    }
    const names = elements.map((element) =>
      (element.getPropertyNameNode() ?? element.getNameNode()).getText(),
    );
    this.sites.push({
      plans: [{ names }],
      apply: ([plan]) => {
        const groups = new Groups();
        elements.forEach((element, index) => {
          const pkg = plan?.packages.get(names[index] as string);
          groups.add(pkg ?? PEER_MODULE, this.entry(element));
          if (!pkg) this.reportName(element, names[index] as string);
        });
        if (groups.size === 1) {
          if (!groups.has(PEER_MODULE)) this.replaceSpecifier(literal, groups.first());
          return;
        }
        if (!alone || !statement) {
          this.report(literal, `require('${PEER_MODULE}')`, {
            reason:
              'its names come from several @identity packages, and it shares its statement with other declarations',
            step: `require each from its package: ${describePlan(plan)}`,
          });
          return;
        }
        const layout = this.layout(statement, literal, name);
        const keyword = statement.getDeclarationKind();
        const statements = groups.map((pkg, list) => requireStatement(keyword, list, pkg, layout));
        this.replaceStatement(statement, statements, layout, groups.packages());
      },
    });
  }

  // Namespace bindings used as a whole somewhere (passed on, spread, exported): left as they are.
  private readonly usedWhole = new Set<Identifier>();

  // Every `ns.member` (value) and `ns.Member` (type) of a namespace binding, found by symbol, so a shadowing
  // local of the same name elsewhere is not touched.
  private namespaceUses(binding: Identifier): NamespaceUse[] {
    const { Node, SyntaxKind } = this.engine;
    const symbol = binding.getSymbol()?.compilerSymbol;
    const uses: NamespaceUse[] = [];
    const name = binding.getText();
    const named = compilerDescendants(
      this.engine,
      this.file,
      SyntaxKind.Identifier,
      true,
      (id) => id.getText(this.file.compilerNode) === name,
    ) as Identifier[];
    for (const id of named) {
      if (id === binding || id.getSymbol()?.compilerSymbol !== symbol) continue;
      const parent = id.getParent();
      if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === id) {
        uses.push({
          member: parent.getName(),
          typeOnly: false,
          start: parent.getStart(),
          end: parent.getEnd(),
        });
      } else if (Node.isQualifiedName(parent) && parent.getLeft() === id) {
        uses.push({
          member: parent.getRight().getText(),
          typeOnly: true,
          start: parent.getStart(),
          end: parent.getEnd(),
        });
      } else {
        this.usedWhole.add(binding);
      }
    }
    return uses;
  }

  // The one package a namespace binding can now come from, or undefined (then it is expanded or reported).
  private namespaceSingle(binding: Identifier, uses: NamespaceUse[], plan: SitePlan): string | undefined {
    const local = binding.getText();
    if (this.usedWhole.has(binding)) {
      this.report(binding, local, {
        reason: `${local} is used as a whole module object (passed on, spread or exported), not only as ${local}.Name`,
        step: `use its members by name (${local}.DefaultAzureCredential), then run identity migrate again`,
      });
      return undefined;
    }
    if (uses.length === 0) {
      this.report(binding, local, {
        reason: `${local} is imported but never used`,
        step: 'remove the import',
      });
      return undefined;
    }
    if (plan.single) this.packages.add(plan.single);
    return plan.single;
  }

  // Rewrites `ns.Member` to `Member` (or an alias when the name is taken) and adds each to `groups`; returns
  // whether some members stay on the peer's module (unmapped).
  private expand(
    binding: Identifier,
    uses: NamespaceUse[],
    plan: SitePlan,
    groups: Groups,
    inlineType: boolean,
    quote: string,
  ) {
    const locals = new Map<string, string>();
    for (const member of unique(uses.map((use) => use.member))) {
      const pkg = plan.packages.get(member);
      if (!pkg) {
        this.reportName(binding, member);
        continue;
      }
      // JavaScript has no `import { type X }`: a member used only as a type (in JSDoc) becomes an import type there.
      if (this.javaScript && uses.every((use) => use.member !== member || use.typeOnly)) {
        locals.set(member, `import(${quote}${pkg}${quote}).${member}`);
        this.packages.add(pkg);
        continue;
      }
      const local = this.freeName(member, binding.getText());
      locals.set(member, local);
      const typeOnly = inlineType && uses.every((use) => use.member !== member || use.typeOnly);
      const text = `${typeOnly ? 'type ' : ''}${local === member ? member : `${member} as ${local}`}`;
      groups.add(pkg, { text });
    }
    for (const use of uses) {
      const local = locals.get(use.member);
      if (local) this.edits.push({ start: use.start, end: use.end, text: local });
    }
    return plan.unmapped.length > 0;
  }

  // The member's own name, unless the file already uses it; then `<namespace><Member>` (numbered if need be).
  private freeName(member: string, namespace: string): string {
    let candidate = member;
    for (let count = 1; this.taken.has(candidate); count++) {
      candidate = `${namespace}${member.charAt(0).toUpperCase()}${member.slice(1)}${count > 1 ? count : ''}`;
    }
    this.taken.add(candidate);
    return candidate;
  }

  // The names a `const { ... } = await import(...)` or `= require(...)` takes, for a hint.
  private destructured(node: unknown): string[] {
    const { Node } = this.engine;
    if (!Node.isNode(node) || !Node.isVariableDeclaration(node)) return [];
    const name = node.getNameNode();
    if (!Node.isObjectBindingPattern(name)) return [];
    return name
      .getElements()
      .map((element) => (element.getPropertyNameNode() ?? element.getNameNode()).getText());
  }

  private hint(names: string[]): string {
    if (names.length === 0) return '';
    const [plan] = planFile([{ names }], this.table);
    return plan ? `: ${describePlan(plan)}` : '';
  }

  private layout(
    statement: { getStart(): number; getText(): string },
    literal: StringLiteral,
    list: { getText(): string; getStart(): number } | undefined,
  ): StatementLayout {
    const lineStart = this.text.lastIndexOf('\n', statement.getStart() - 1) + 1;
    const indent = /^[ \t]*/.exec(this.text.slice(lineStart))?.[0] ?? '';
    const listText = list?.getText() ?? '';
    const multiline = listText.includes('\n')
      ? {
          indent: /\n([ \t]*)\S/.exec(listText)?.[1] ?? `${indent}  `,
          closingIndent: /\n([ \t]*)}$/.exec(listText)?.[1] ?? indent,
          trailingComma: /,\s*}$/.test(listText),
          eol: this.eol,
        }
      : undefined;
    return {
      quote: literal.getText()[0] ?? "'",
      semicolon: statement.getText().trimEnd().endsWith(';') ? ';' : '',
      separator: `${this.eol}${indent}`,
      braceSpace: !/^\{\S/.test(listText),
      ...(multiline ? { multiline } : {}),
    };
  }

  // A list element as written, with its own-line comments above it and the comment after it on its line.
  private entry(element: {
    getText(): string;
    getPos(): number;
    getStart(): number;
    getEnd(): number;
  }): ListEntry {
    const { ts } = this.engine;
    const leading = (ts.getLeadingCommentRanges(this.text, element.getPos()) ?? [])
      .filter((range) => this.text.slice(element.getPos(), range.pos).includes('\n'))
      .map((range) => this.text.slice(range.pos, range.end));
    const afterComma = /^[ \t]*,?/.exec(this.text.slice(element.getEnd()))?.[0].length ?? 0;
    const trailing = (ts.getTrailingCommentRanges(this.text, element.getEnd() + afterComma) ?? [])
      .map((range) => this.text.slice(range.pos, range.end))
      .join(' ');
    return {
      text: element.getText(),
      ...(leading.length ? { leading } : {}),
      ...(trailing ? { trailing } : {}),
    };
  }

  private replaceSpecifier(literal: StringLiteral, pkg: string): void {
    const quote = literal.getText()[0] ?? "'";
    this.edits.push({ start: literal.getStart(), end: literal.getEnd(), text: `${quote}${pkg}${quote}` });
    this.packages.add(pkg);
  }

  private replaceStatement(
    statement: { getStart(): number; getEnd(): number },
    statements: string[],
    layout: StatementLayout,
    packages: string[],
  ): void {
    this.edits.push({
      start: statement.getStart(),
      end: statement.getEnd(),
      text: statements.join(layout.separator),
    });
    for (const pkg of packages) this.packages.add(pkg);
  }

  private reportName(node: { getStart(): number }, name: string): void {
    this.report(node, name, gapOf(name));
  }

  private reportMention(node: { getStart(): number }): void {
    this.report(node, `'${PEER_MODULE}'`, {
      reason:
        'the module name appears outside an import it can rewrite (a mock, a module declaration, a string)',
      step: 'update it by hand to the @identity package it stands for',
    });
  }

  private reportDeepImport(node: { getStart(): number }, specifier: string): void {
    this.report(node, `'${specifier}'`, {
      reason: `it names a file inside ${PEER_MODULE} (its internals), which no @identity package has; ${PEER_MODULE} stays a dependency while it does`,
      step: `import the names it uses from ${PEER_MODULE} itself, then run identity migrate again (or import them from their @identity packages)`,
    });
  }

  private report(node: { getStart(): number }, subject: string, gap: MigrationGap): void {
    this.findings.push({ position: node.getStart(), subject, ...gap });
  }
}

// Names grouped by the package they come from, in order of first appearance.
class Groups {
  private readonly byPackage = new Map<string, ListEntry[]>();

  add(pkg: string, entry: ListEntry): void {
    const list = this.byPackage.get(pkg) ?? [];
    list.push(entry);
    this.byPackage.set(pkg, list);
  }

  get size(): number {
    return this.byPackage.size;
  }

  has(pkg: string): boolean {
    return this.byPackage.has(pkg);
  }

  first(): string {
    return this.byPackage.keys().next().value as string;
  }

  packages(): string[] {
    return [...this.byPackage.keys()].filter((pkg) => pkg !== PEER_MODULE);
  }

  // The peer's own group (what stays unmapped) last.
  map<T>(render: (pkg: string, entries: ListEntry[]) => T): T[] {
    const entries = [...this.byPackage].sort(
      ([a], [b]) => Number(a === PEER_MODULE) - Number(b === PEER_MODULE),
    );
    return entries.map(([pkg, names]) => render(pkg, names));
  }
}

function describePlan(plan: SitePlan | undefined): string {
  if (!plan) return '';
  const byPackage = new Map<string, string[]>();
  for (const [name, pkg] of plan.packages) byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), name]);
  return [...byPackage].map(([pkg, names]) => `${names.join(', ')} from ${pkg}`).join('; ');
}

const quoted = (layout: StatementLayout, module: string) => `${layout.quote}${module}${layout.quote}`;

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

// Where a position of the original text is in the edited text; inside a replaced statement, where `subject`
// appears in its replacement.
function movedPosition(position: number, edits: Edit[], subject: string): number {
  let delta = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    if (edit.end <= position) delta += edit.text.length - (edit.end - edit.start);
    else if (edit.start <= position) return edit.start + delta + Math.max(0, edit.text.indexOf(subject));
    else break;
  }
  return position + delta;
}

function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let result = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error('overlapping edits (a bug: please report it)');
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}
