export { Form, FormMessage, useField, useFormResult, type FormActionFn } from './form';
export { CheckboxField, CheckboxGroup, FieldError, SelectField, Submit, TextArea, TextField, type Option } from './fields';
