export { ProjectPage } from './project-page';
export { WorkbenchPage } from './workbench-page';
export { WorkbenchesPage } from './workbenches-page';
