/** Import direction, checked in `npm test`: apps depend on libs, never the other way; apps never reach into each other. */
module.exports = {
  forbidden: [
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      comment: 'libs hold contracts and adapters; business rules live in apps',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-stay-apart',
      severity: 'error',
      comment: 'apps talk over HTTP and Kafka, not through imports; share code through libs',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-kafkajs-outside-the-adapter',
      severity: 'error',
      comment: 'kafkajs sits behind libs/kafka',
      from: { path: '^apps/', pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
      to: { path: 'node_modules/kafkajs', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-elasticsearch-client-outside-the-adapter',
      severity: 'error',
      comment: '@elastic/elasticsearch sits behind libs/elasticsearch',
      from: { path: '^apps/', pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
      to: { path: 'node_modules/@elastic/elasticsearch', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'typeorm-only-in-repositories',
      severity: 'error',
      comment:
        'Postgres sits behind repositories: only *.repository.ts, *.entity.ts, *.module.ts (TypeOrmModule.forFeature) and database/ may use typeorm or pg; services call repository methods and run transactions through database/unit-of-work',
      from: { path: '^apps/control-plane/src/', pathNot: '(\\.repository|\\.entity|\\.module)\\.ts$|/database/' },
      to: { path: '^node_modules/(typeorm|@nestjs/typeorm|pg)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'TypeORM entities with two-sided relations are the one accepted cycle',
      from: { pathNot: '\\.entity\\.ts$' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|/web/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
