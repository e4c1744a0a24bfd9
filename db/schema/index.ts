export * from './users';
export * from './organizations';
export * from './audit';
export * from './sites';
export * from './invitations';
export * from './programs';
export * from './applications';
