targetScope = 'subscription'

metadata description = 'Dunning: SMS repayment reminders on Azure Functions Flex Consumption, Azure Communication Services and Storage. Deploy with `azd up`; the postdeploy hook then deploys events.bicep.'

import { lenderUploader } from 'modules/identity.bicep'

@description('Required. azd environment name; part of every resource name and the azd-env-name tag.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Required. Azure region for the resource group and all regional resources (must offer Flex Consumption).')
@minLength(1)
param location string

@description('Optional. Resource group name. Defaults to rg-<environmentName>.')
param resourceGroupName string = ''

@description('Optional. Object id of the deploying user or pipeline; it gets the app\'s data roles on storage. Empty to skip.')
param principalId string = ''

@description('Optional. Kind of principal principalId names.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Optional. Geography where Communication Services stores data at rest.')
param acsDataLocation string = 'United States'

@description('Optional. ACS sender ids (phone numbers in E.164, short codes, alphanumeric ids) bought outside Bicep; passed to the app as Acs__SenderIds__N.')
param acsSenderIds string[] = []

@description('Required. Key the app HMAC-hashes phone numbers with, at least 32 characters, or a Key Vault reference "@Microsoft.KeyVault(SecretUri=...)". Never committed: supply it from the azd environment.')
@secure()
@minLength(32)
param phoneHashSecret string

@description('Optional. Email address for alerts. Empty creates the action group without receivers.')
param alertEmail string = ''

@description('Optional. Memory per function instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Upper bound on instances the app scales out to: 40, the lowest Flex Consumption takes, since sends are bounded by the sender numbers\' limits, not by instances (docs/DEPLOY.md).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. .NET version of the dotnet-isolated worker.')
param functionsRuntimeVersion string = '10.0'

@description('Optional. Days ingest result files under schedules-results/ are kept.')
@minValue(1)
param resultRetentionDays int = 90

@description('Optional. Lenders allowed to upload to schedules/{lenderId}/ and payments/{lenderId}/ only.')
param lenderUploaders lenderUploader[] = []

var tags = {
  'azd-env-name': environmentName
  application: 'dunning'
}

var serviceName = 'functions'
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var names = {
  resourceGroup: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  workspace: 'log-${resourceToken}'
  appInsights: 'appi-${resourceToken}'
  storage: 'st${resourceToken}'
  identity: 'id-func-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
  communication: 'acs-${resourceToken}'
  storageTopic: 'evgt-st-${resourceToken}'
  communicationTopic: 'evgt-acs-${resourceToken}'
  deploymentContainer: 'app-package-${resourceToken}'
  deadLetterContainer: 'eventgrid-deadletter'
}

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    workspaceName: names.workspace
    appInsightsName: names.appInsights
  }
}

module storage 'modules/storage.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    storageAccountName: names.storage
    deploymentContainerName: names.deploymentContainer
    deadLetterContainerName: names.deadLetterContainer
    resultRetentionDays: resultRetentionDays
  }
}

module communication 'modules/communication.bicep' = {
  scope: rg
  params: {
    tags: tags
    communicationServiceName: names.communication
    dataLocation: acsDataLocation
  }
}

module identity 'modules/identity.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    environmentName: environmentName
    identityName: names.identity
    // Names known at compile time keep what-if precise; dependsOn orders the deployments.
    storageAccountName: names.storage
    appInsightsName: names.appInsights
    communicationServiceName: names.communication
    principalId: principalId
    principalType: principalType
    lenderUploaders: lenderUploaders
  }
  dependsOn: [
    storage
    monitoring
    communication
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    serviceName: serviceName
    planName: names.plan
    functionAppName: names.functionApp
    identityId: identity.outputs.identityId
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: names.deploymentContainer
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    acsEndpoint: communication.outputs.endpoint
    acsSenderIds: acsSenderIds
    phoneHashSecret: phoneHashSecret
    runtimeVersion: functionsRuntimeVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
}

module events 'modules/events.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    storageAccountName: names.storage
    communicationServiceName: names.communication
    storageTopicName: names.storageTopic
    communicationTopicName: names.communicationTopic
    deadLetterContainerName: names.deadLetterContainer
  }
  dependsOn: [
    storage
    communication
  ]
}

module alerts 'modules/alerts.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    nameToken: resourceToken
    appInsightsId: monitoring.outputs.appInsightsId
    alertEmail: alertEmail
  }
}

// azd stores these in the environment; the postdeploy hook reads them. None is a secret.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.functionAppName
output AZURE_FUNCTION_APP_HOSTNAME string = functionApp.outputs.defaultHostName
output AZURE_APP_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.storageAccountName
output AZURE_ACS_NAME string = communication.outputs.communicationServiceName
output AZURE_ACS_ENDPOINT string = communication.outputs.endpoint
output AZURE_STORAGE_SYSTEM_TOPIC_NAME string = events.outputs.storageTopicName
output AZURE_ACS_SYSTEM_TOPIC_NAME string = events.outputs.communicationTopicName
output AZURE_EVENTGRID_DEADLETTER_CONTAINER string = names.deadLetterContainer
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName
output AZURE_ACTION_GROUP_ID string = alerts.outputs.actionGroupId
