export * from './elasticsearch.adapter';
